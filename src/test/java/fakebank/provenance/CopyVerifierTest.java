package fakebank.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fakebank.eval.CopyTransforms;
import fakebank.image.RgbImage;
import fakebank.testing.TestImages;
import java.awt.image.BufferedImage;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Copy verification on scenes made here: re-shared copies verify with the right geometry, unrelated scenes do not. */
class CopyVerifierTest {
    private final SignatureExtractor extractor = new SignatureExtractor();
    private final CopyVerifier verifier = new CopyVerifier(ProvenanceSettings.defaults().minInliers());

    private static RgbImage scene(long seed) {
        BufferedImage b = TestImages.scene(seed, 480, 360);
        int[] px = b.getRGB(0, 0, b.getWidth(), b.getHeight(), null, 0, b.getWidth());
        for (int i = 0; i < px.length; i++) {
            px[i] &= 0xffffff;
        }
        return new RgbImage(b.getWidth(), b.getHeight(), px, "png");
    }

    /** Tries the query as given, then mirrored, as the provenance step does. */
    private Optional<CopyEvidence> verify(RgbImage query, Signature bank) {
        Optional<CopyEvidence> e = verifier.verify(extractor.forQuery(query, false), false, bank);
        return e.isPresent() ? e : verifier.verify(extractor.forQuery(query, true), true, bank);
    }

    private CopyEvidence assertCopy(String transform, RgbImage original, Signature bank) {
        CopyTransforms.Transform t = CopyTransforms.ALL.stream().filter(x -> x.name().equals(transform)).findFirst()
                .orElseThrow();
        Optional<CopyEvidence> e = verify(t.apply().apply(original, 3L), bank);
        assertTrue(e.isPresent(), transform + " should verify as a copy");
        assertTrue(e.get().inliers() >= verifier.minInliers(), transform + ": " + e.get());
        return e.get();
    }

    @Test
    void reSharedCopiesVerifyWithTheirGeometry() {
        RgbImage original = scene(11);
        Signature bank = extractor.forEntry(original);

        CopyEvidence crop = assertCopy("crop_60_corner", original, bank);
        double w = crop.region().get(2) - crop.region().get(0);
        double h = crop.region().get(3) - crop.region().get(1);
        assertEquals(0.6, w, 0.06, "a 60% crop shows 60% of the width: " + crop);
        assertEquals(0.6, h, 0.06, "and 60% of the height: " + crop);
        assertFalse(crop.mirrored());

        CopyEvidence mirror = assertCopy("mirror", original, bank);
        assertTrue(mirror.mirrored(), "a mirror copy says so: " + mirror);
        assertEquals(0.0, mirror.rotation(), 2.0);

        CopyEvidence rotated = assertCopy("rotate_8", original, bank);
        assertEquals(8.0, Math.abs(rotated.rotation()), 2.0, "an 8 degree rotation is measured: " + rotated);

        CopyEvidence caption = assertCopy("caption_bar", original, bank);
        assertTrue(caption.region().get(3) > 0.95, "the caption covers the query, not the bank image: " + caption);

        CopyEvidence shot = assertCopy("screenshot", original, bank);
        assertTrue(shot.queryRegion().get(1) > 0.05 && shot.queryRegion().get(3) < 0.95,
                "in a screenshot the image sits inside the frame: " + shot);
        assertTrue(shot.scale() < 1.0, "and appears smaller than the frame: " + shot);

        assertCopy("mirror_crop", original, bank);
        assertCopy("crop_down_jpeg70", original, bank);
    }

    @Test
    void aZoomOnTheMiddleVerifiesThoughMostOfTheBankKeypointsInsideItAreCutByItsBorder() {
        for (long seed : new long[] {1, 2}) {
            RgbImage original = scene(seed);
            Signature bank = extractor.forEntry(original);
            RgbImage zoom = CopyTransforms.named("crop_45_zoom").apply().apply(original, seed);
            Optional<CopyEvidence> e = verifier.verify(extractor.forQuery(zoom, false), false, bank);
            assertTrue(e.isPresent(), "a 45% zoom-in of scene " + seed + " should verify");
            assertEquals(2.2, e.get().scale(), 0.2, "shown 2.2 times larger: " + e.get());
        }
    }

    @Test
    void unrelatedScenesDoNotVerify() {
        for (long seed = 100; seed < 106; seed++) {
            Signature bank = extractor.forEntry(scene(seed));
            RgbImage other = scene(seed + 1000);
            assertTrue(verify(other, bank).isEmpty(), "scene " + (seed + 1000) + " is not a copy of " + seed);
            assertTrue(verify(CopyTransforms.crop(other, 0.6, 0, 0), bank).isEmpty(), "nor is its crop");
        }
    }

    @Test
    void tinyImagesGetAHashButNoKeypoints() {
        RgbImage tiny = new RgbImage(12, 9, new int[12 * 9], "png");
        Signature s = extractor.forEntry(tiny);
        assertEquals(0, s.size());
        assertTrue(verify(tiny, s).isEmpty());
        assertEquals(0, Signature.fromBytes(s.toBytes()).size());
    }

    @Test
    void signaturesRoundTripThroughBytes() {
        Signature s = extractor.forEntry(scene(5));
        assertTrue(s.size() > 20 && s.size() <= SignatureExtractor.MAX_FEATURES, "keypoints: " + s.size());
        byte[] bytes = s.toBytes();
        Signature back = Signature.fromBytes(bytes);
        assertEquals(s.pdq(), back.pdq());
        assertEquals(s.size(), back.size());
        assertEquals(s.width(), back.width());
        assertEquals(s.xs()[3], back.xs()[3], 0.07);
        assertTrue(verify(scene(5), back).isPresent(), "a stored signature still verifies its own image");
        assertThrowsIae(() -> Signature.fromBytes(new byte[] {1, 2, 3}));
        assertThrowsIae(() -> Signature.fromBytes(java.util.Arrays.copyOf(bytes, bytes.length - 5)));
    }

    private static void assertThrowsIae(org.junit.jupiter.api.function.Executable e) {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, e);
    }
}
