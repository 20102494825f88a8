package fakebank.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fakebank.bank.Bank;
import fakebank.bank.BankOptions;
import fakebank.bank.EntryMeta;
import fakebank.bank.Label;
import fakebank.bank.NewEntry;
import fakebank.eval.CopyTransforms;
import fakebank.image.RgbImage;
import fakebank.testing.TestImages;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provenance step on a real bank on disk, with embeddings placed by hand so the original's rank is known: a
 * screenshot, a blurred copy and a corner crop are found when their original ranks far below the first candidates
 * (by the wider look, the bank-wide PDQ scan and the keypoint index), and crops and blurs of unrelated scenes are
 * not.
 */
class ProvenanceTest {
    private static final int DIM = 32;
    private static final int DISTRACTORS = 9;
    private static final SignatureExtractor EXTRACTOR = new SignatureExtractor();

    @TempDir
    Path tmp;

    private static RgbImage scene(long seed) {
        BufferedImage b = TestImages.scene(seed, 480, 360);
        int[] px = b.getRGB(0, 0, b.getWidth(), b.getHeight(), null, 0, b.getWidth());
        for (int i = 0; i < px.length; i++) {
            px[i] &= 0xffffff;
        }
        return new RgbImage(b.getWidth(), b.getHeight(), px, "png");
    }

    /** cos * e0 + sin * e_axis: cosine {@code cos} to a query along e0. */
    private static float[] at(double cos, int axis) {
        float[] v = new float[DIM];
        v[0] = (float) cos;
        v[axis] = (float) Math.sqrt(1 - cos * cos);
        return v;
    }

    private static String sha(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static String add(Bank bank, String name, RgbImage image, float[] vector) throws Exception {
        byte[] original = name.getBytes(StandardCharsets.UTF_8);
        return bank.add(new NewEntry(sha(name), vector, new byte[] {1}, original,
                new EntryMeta(Label.FAKE, "sdxl", null, "test", null, "tester"),
                EXTRACTOR.forEntry(image).toBytes())).id();
    }

    /** The provenance step over {@code bank}, with default settings and an empty hash list of its own. */
    private Provenance provenance(Bank bank, String name) throws Exception {
        return new Provenance(bank, HashList.open(tmp.resolve(name + "-hashes.jsonl")), ProvenanceSettings.defaults(),
                0.97);
    }

    /** The original's copy found (or not) with distractors at {@code distractorCos} and the original at 0.5. */
    private Optional<KnownCopy> screenshotOfTenth(double distractorCos, String[] originalId) throws Exception {
        try (Bank bank = Bank.open(tmp.resolve("bank" + distractorCos), "test-encoder@1", DIM, BankOptions.defaults())) {
            for (int i = 0; i < DISTRACTORS; i++) {
                add(bank, "distractor" + i, scene(200 + i), at(distractorCos - 0.01 * i, 1 + i));
            }
            RgbImage original = scene(7);
            originalId[0] = add(bank, "original", original, at(0.5, 20));
            Provenance p = provenance(bank, "screenshot" + distractorCos);
            RgbImage shot = CopyTransforms.named("screenshot").apply().apply(original, 3L);
            return p.find(shot, sha("query"), at(1.0, 1), null);
        }
    }

    @Test
    void aScreenshotFarFromEverythingIsFoundBelowTheFirstCandidates() throws Exception {
        String[] id = new String[1];
        Optional<KnownCopy> found = screenshotOfTenth(0.65, id);
        assertTrue(found.isPresent(), "the original ranks 10th at cosine 0.5, below 9 unrelated images");
        assertEquals(id[0], found.get().entryId());
        assertEquals(MatchType.COPY, found.get().matchType());
    }

    /** 20 unrelated scenes at cosine 0.9-0.8 to the query direction, then the original at 0.2: ranked 21st. */
    private static String addTwentyFirst(Bank bank, int firstSeed, RgbImage original) throws Exception {
        for (int i = 0; i < 20; i++) {
            add(bank, "distractor" + i, scene(firstSeed + i), at(0.9 - 0.005 * i, 1 + i));
        }
        return add(bank, "original", original, at(0.2, 25));
    }

    @Test
    void aBlurredCopyIsFoundByItsPdqHashWhenItsEmbeddingRanksItsOriginalNowhereNear() throws Exception {
        try (Bank bank = Bank.open(tmp.resolve("pdq"), "test-encoder@1", DIM, BankOptions.defaults())) {
            RgbImage original = scene(11);
            String id = addTwentyFirst(bank, 300, original);
            Provenance p = provenance(bank, "pdq");
            CopyTransforms.Transform blur = CopyTransforms.named("blur_sigma2");
            Optional<KnownCopy> found = p.find(blur.apply().apply(original, 5L), sha("blurred"), at(1.0, 1), null);
            assertTrue(found.isPresent(), "ranked 21st by embedding, found by PDQ over every banked hash");
            assertEquals(id, found.get().entryId());
            assertEquals(MatchType.PDQ, found.get().matchType());
            assertTrue(found.get().pdqDistance() <= ProvenanceSettings.defaults().pdqMaxDistance());
            assertTrue(p.find(blur.apply().apply(scene(12), 5L), sha("other"), at(1.0, 1), null).isEmpty(),
                    "a blurred image of another scene matches nothing");
        }
    }

    @Test
    void aScreenshotNearOtherImagesIsFoundByTheKeypointsItShares() throws Exception {
        String[] id = new String[1];
        Optional<KnownCopy> found = screenshotOfTenth(0.85, id);
        assertTrue(found.isPresent(), "ranked 10th by embedding, too close to others for the wider look: "
                + "found through the keypoint index");
        assertEquals(id[0], found.get().entryId());
        assertEquals(MatchType.COPY, found.get().matchType());
    }

    @Test
    void aCornerCropIsFoundByItsKeypointsWhenItsEmbeddingRanksItsOriginalNowhereNear() throws Exception {
        try (Bank bank = Bank.open(tmp.resolve("crop"), "test-encoder@1", DIM, BankOptions.defaults())) {
            RgbImage original = scene(13);
            String id = addTwentyFirst(bank, 400, original);
            Provenance p = provenance(bank, "crop");
            RgbImage crop = CopyTransforms.crop(original, 0.6, 1.0, 1.0);
            Optional<KnownCopy> found = p.find(crop, sha("crop"), at(1.0, 1), null);
            assertTrue(found.isPresent(), "ranked 21st by embedding at cosine 0.2, found by shared keypoints");
            assertEquals(id, found.get().entryId());
            assertEquals(MatchType.COPY, found.get().matchType());
            assertTrue(found.get().copy().region().get(0) > 0.3 && found.get().copy().region().get(1) > 0.3,
                    "the region shown is the bottom-right corner: " + found.get().copy().region());
            assertTrue(p.find(CopyTransforms.crop(scene(14), 0.6, 1.0, 1.0), sha("other"), at(1.0, 1), null)
                    .isEmpty(), "a crop of another scene matches nothing");
        }
    }

    @Test
    void aZoomedInCropOfTheMiddleIsFoundAndPlaced() throws Exception {
        try (Bank bank = Bank.open(tmp.resolve("zoom"), "test-encoder@1", DIM, BankOptions.defaults())) {
            RgbImage original = scene(15);
            String id = addTwentyFirst(bank, 500, original);
            Provenance p = provenance(bank, "zoom");
            // 45% of each side around the middle, blown up to the original's size: a fifth of its area, at 2.2x
            CopyTransforms.Transform zoom = CopyTransforms.named("crop_45_zoom");
            Optional<KnownCopy> found = p.find(zoom.apply().apply(original, 9L), sha("zoom"), at(1.0, 1), null);
            assertTrue(found.isPresent(), "a fifth of the original, zoomed 2.2x, found by the keypoints it shows");
            assertEquals(id, found.get().entryId());
            assertEquals(MatchType.COPY, found.get().matchType());
            java.util.List<Double> r = found.get().copy().region();
            assertTrue(r.get(0) > 0.1 && r.get(1) > 0.1 && r.get(2) < 0.9 && r.get(3) < 0.9
                    && r.get(2) - r.get(0) < 0.6, "the region shown is a middle part: " + r);
            assertEquals(2.2, found.get().copy().scale(), 0.3, "query pixels per bank pixel");
            assertTrue(p.find(zoom.apply().apply(scene(16), 9L), sha("other"), at(1.0, 1), null).isEmpty(),
                    "a zoomed crop of another scene matches nothing");
        }
    }
}
