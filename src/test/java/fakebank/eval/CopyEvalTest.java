package fakebank.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fakebank.bank.EntryMeta;
import fakebank.bank.Label;
import fakebank.image.ImageDecoder;
import fakebank.image.ImageLimits;
import fakebank.image.ImageTransforms;
import fakebank.image.RgbImage;
import fakebank.service.Fakebank;
import fakebank.service.FakebankConfig;
import fakebank.testing.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The copy evaluation end to end on six devset images (real model, real bank on disk): copies of banked images are
 * found, copies of held-out ones are not, and the three tiles cut from one generated grid stay on one side of the
 * split (they share a source file).
 */
class CopyEvalTest {
    @TempDir
    Path dir;

    private static final String GRID = "github:Stability-AI/stablediffusion@cf1d67a6fd5e:assets/stable-samples/txt2img/"
            + "768/merged-0002.png";

    @Test
    void copiesOfBankedImagesAreFoundAndTilesOfOneSourceFileStayTogether() throws Exception {
        Path devset = TestPaths.projectDir().resolve("../shared/devset").normalize();
        if (!TestPaths.inCi()) {
            Assumptions.assumeTrue(Files.isDirectory(devset), "../shared/devset is not beside the project");
        }
        List<CopyEval.Original> originals = new ArrayList<>();
        String[] tiles = {"sd2_768_001_768_tile_0_.png", "sd2_768_002_1536_tile_1_.png",
                "sd2_768_003_2304_tile_2_.png"};
        for (int i = 0; i < tiles.length; i++) {
            originals.add(original(devset.resolve("fake").resolve(tiles[i]), Label.FAKE, "stable-diffusion-2",
                    GRID + " [crop x=" + i * 768 + ":" + (i + 1) * 768 + ", tile " + i + "]"));
        }
        for (String real : new String[] {"dreambooth_backpack_001_00.jpg", "dreambooth_cat_001_00.jpg",
                "dreambooth_dog_001_00.jpg"}) {
            originals.add(original(devset.resolve("real").resolve(real), Label.REAL, "camera", "test:" + real));
        }
        FakebankConfig config = FakebankConfig.defaults(TestPaths.projectDir()).withIndexDir(dir)
                .withModelDir(TestPaths.defaultModel()).withSeedFile(null);
        try (Fakebank fakebank = Fakebank.open(config)) {
            CopyEval.Report report = CopyEval.run(fakebank, originals, CopyTransforms.ALL, new int[] {1}, 4,
                    msg -> { });
            assertEquals(List.of(List.of(tiles)), report.groups().stream().map(g -> g.stream().sorted().toList())
                    .toList(), "the grid's tiles form the one group");
            // four groups, two per side: the grid's three tiles and one photo, or two photos
            assertTrue(report.banked() == 4 || report.banked() == 2, "whole source files per side: "
                    + report.banked());
            CopyEval.Row jpeg = report.rows().stream().filter(r -> r.transform().equals("jpeg_q50")).findFirst()
                    .orElseThrow();
            assertEquals(report.banked(), jpeg.banked());
            assertEquals(1.0, jpeg.recall(), 1e-9, "a JPEG q50 copy of every banked image is found");
            assertEquals(List.of(), report.falseCopies(), "nothing held out is a copy of anything banked");
            CopyEval.Row all = report.rows().getLast();
            assertEquals("all", all.transform());
            assertTrue(all.recall() >= 0.8, "recall over all transforms " + all.recall());
            long missed = Math.round((1 - all.recall()) * all.banked());
            assertEquals(missed, report.misses().size(), "every missed copy is named: " + report.misses());
            assertTrue(report.misses().stream().noneMatch(m -> m.transform().equals("jpeg_q50")));
        }
    }

    @Test
    void aFalseCopyBetweenTwoEditsOfOnePictureIsMarkedAsOverlapping() throws Exception {
        Path photo = TestPaths.projectDir().resolve("../shared/devset/real/dreambooth_dog_001_00.jpg").normalize();
        if (!TestPaths.inCi()) {
            Assumptions.assumeTrue(Files.exists(photo), "../shared/devset is not beside the project");
        }
        // the photo, and an "edit" of it: its top-left quarter painted over (too different for the split's
        // thumbnail test, so the two land on opposite sides)
        byte[] bytes = Files.readAllBytes(photo);
        RgbImage image = new ImageDecoder(ImageLimits.defaults()).decode(bytes);
        int[] px = image.pixels().clone();
        for (int y = 0; y < image.height() / 2; y++) {
            for (int x = 0; x < image.width() / 2; x++) {
                px[y * image.width() + x] = 0x3060a0;
            }
        }
        byte[] edited = ImageTransforms.encodeJpeg(new RgbImage(image.width(), image.height(), px, "jpeg"), 0.95f);
        List<CopyEval.Original> originals = List.of(
                new CopyEval.Original("photo.jpg", bytes, new EntryMeta(Label.REAL, "camera", null, "test:a", null,
                        "test")),
                new CopyEval.Original("edited.jpg", edited, new EntryMeta(Label.FAKE, "editor", null, "test:b", null,
                        "test")));
        FakebankConfig config = FakebankConfig.defaults(TestPaths.projectDir()).withIndexDir(dir)
                .withModelDir(TestPaths.defaultModel()).withSeedFile(null);
        try (Fakebank fakebank = Fakebank.open(config)) {
            CopyEval.Report report = CopyEval.run(fakebank, originals, List.of(CopyTransforms.named("jpeg_q50")),
                    new int[] {1}, 0, msg -> { });
            assertEquals(1, report.banked(), "one on each side");
            assertEquals(1, report.falseCopies().size(), "the held-out one's copy matches the banked edit: "
                    + report.falseCopies());
            assertTrue(report.falseCopies().getFirst().originalsOverlap(), report.falseCopies().toString());
            assertTrue(report.toMarkdown().contains("In 1 of them the two originals"), report.toMarkdown());
        }
    }

    private static CopyEval.Original original(Path file, Label label, String generator, String source)
            throws Exception {
        return new CopyEval.Original(file.getFileName().toString(), Files.readAllBytes(file),
                new EntryMeta(label, generator, null, source, null, "test"));
    }
}
