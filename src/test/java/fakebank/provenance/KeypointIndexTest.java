package fakebank.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fakebank.eval.CopyTransforms;
import fakebank.image.ImageDecoder;
import fakebank.image.ImageLimits;
import fakebank.image.RgbImage;
import fakebank.testing.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The keypoint index on real photographs (devset): a 60% corner crop and a mirrored crop point to
 * their original first; removed entries never come back; the index stays right across the
 * re-centring rebuilds that growth and removals trigger.
 */
class KeypointIndexTest {
    private static final SignatureExtractor EXTRACTOR = new SignatureExtractor();
    private static final ImageDecoder DECODER = new ImageDecoder(ImageLimits.defaults());

    private static List<Path> devsetImages(int n) throws Exception {
        Path devset = TestPaths.projectDir().resolve("../shared/devset").normalize();
        if (!TestPaths.inCi()) {
            Assumptions.assumeTrue(Files.isDirectory(devset), "../shared/devset is not beside the project");
        }
        // photographs: the generated half holds duplicates by design (one BigGAN latent at two sizes, tiles of one
        // grid), which rightly draw the votes too
        try (Stream<Path> files = Files.list(devset.resolve("real"))) {
            return files.filter(f -> f.toString().matches(".*\\.(jpg|png)$")).sorted().limit(n).toList();
        }
    }

    /** A signature whose keypoints all carry the given descriptors, in turn. */
    private static Signature withDescriptors(int n, byte[]... descriptors) {
        byte[] desc = new byte[n * Signature.DESC];
        for (int k = 0; k < n; k++) {
            System.arraycopy(descriptors[k % descriptors.length], 0, desc, k * Signature.DESC, Signature.DESC);
        }
        return new Signature(320, 320, new PdqHash(new long[4], 0), new float[n], new float[n], new float[n], desc);
    }

    @Test
    void genericTextureThatEveryEntryHasCastsNoVotes() {
        java.util.Random random = new java.util.Random(7);
        byte[] generic = new byte[Signature.DESC];
        random.nextBytes(generic);
        KeypointIndex index = new KeypointIndex();
        // 60 entries (below the re-centring at 64) made only of one descriptor: a bucket of 15,360 postings per table
        for (int i = 0; i < 60; i++) {
            index.add("generic-" + i, withDescriptors(256, generic));
        }
        byte[][] own = new byte[256][Signature.DESC];
        for (byte[] d : own) {
            random.nextBytes(d);
        }
        index.add("distinct", withDescriptors(256, own));
        // the query shows 40 of the distinct entry's keypoints and, three times as often, the generic one
        byte[][] query = new byte[160][];
        for (int k = 0; k < query.length; k++) {
            query[k] = k < 40 ? own[k] : generic;
        }
        List<KeypointIndex.Vote> votes = index.vote(withDescriptors(160, query), 3, 1, Set.of());
        assertEquals(List.of(new KeypointIndex.Vote("distinct", 40)), votes,
                "only the distinctive keypoints vote; the crowded bucket is skipped");
    }

    @Test
    void cropsPointToTheirOriginalFirstAndRemovedEntriesNeverComeBack() throws Exception {
        // 80 entries: the index re-centres its hash at 64 entries, so the crops below are looked up after a rebuild
        List<Path> files = devsetImages(80);
        List<RgbImage> images = new ArrayList<>();
        KeypointIndex index = new KeypointIndex();
        for (Path f : files) {
            RgbImage image = DECODER.decode(Files.readAllBytes(f));
            images.add(image);
            index.add(f.getFileName().toString(), EXTRACTOR.forEntry(image));
        }
        assertEquals(files.size(), index.size());
        int firstByMargin = 0;
        int checked = 0;
        for (int i = 0; i < files.size(); i += 8) {
            String name = files.get(i).getFileName().toString();
            Signature crop = EXTRACTOR.forQuery(CopyTransforms.crop(images.get(i), 0.6, 1.0, 0.0), false);
            List<KeypointIndex.Vote> votes = index.vote(crop, 2, 1, Set.of());
            checked++;
            if (!votes.isEmpty() && votes.get(0).sha256().equals(name) && votes.get(0).votes() >= 6) {
                firstByMargin++;
            }
        }
        assertTrue(firstByMargin >= checked - 1, firstByMargin + " of " + checked
                + " corner crops rank their original first, with the 6 votes verification asks for");

        RgbImage image = images.get(16);
        String name = files.get(16).getFileName().toString();
        Signature mirroredCrop = EXTRACTOR.forQuery(CopyTransforms.crop(CopyTransforms.mirror(image), 0.8, 0.3, 0.5),
                true);
        assertEquals(name, index.vote(mirroredCrop, 1, 1, Set.of()).get(0).sha256(),
                "the mirrored query's keypoints point to the original");
        assertTrue(index.vote(mirroredCrop, 3, 1, Set.of(name)).stream().noneMatch(v -> v.sha256().equals(name)),
                "entries already verified are skipped");

        for (int i = 0; i < 20; i++) {
            index.remove(files.get(i).getFileName().toString());
        }
        assertEquals(files.size() - 20, index.size());
        assertFalse(index.contains(name));
        assertTrue(index.vote(mirroredCrop, 10, 1, Set.of()).stream().noneMatch(v -> v.sha256().equals(name)),
                "a removed entry never comes back");
        String kept = files.get(40).getFileName().toString();
        Signature keptCrop = EXTRACTOR.forQuery(CopyTransforms.crop(images.get(40), 0.6, 0.0, 1.0), false);
        assertEquals(kept, index.vote(keptCrop, 1, 1, Set.of()).get(0).sha256(),
                "after the removals' rebuild the others are still found");
    }
}
