package fakebank.provenance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The acceptance rule on keypoints made here, so each case is exact: a bank image of 100 keypoints and a query that
 * repeats some of them under a known transform, aligned exactly (a copy) or only loosely (another photograph of
 * the same scene: parallax moves points by a few pixels), among 150 keypoints of its own.
 */
class CopyAcceptanceTest {
    private static final int BANK = 100;
    private final CopyVerifier verifier = new CopyVerifier(ProvenanceSettings.defaults().minInliers());

    private static Signature bank(Random r) {
        float[] xs = new float[BANK];
        float[] ys = new float[BANK];
        for (int i = 0; i < BANK; i++) {
            xs[i] = 10 + r.nextFloat() * 300;
            ys[i] = 10 + r.nextFloat() * 220;
        }
        return new Signature(320, 240, new PdqHash(new long[4], 0), xs, ys, new float[BANK], descriptors(r, BANK));
    }

    private static byte[] descriptors(Random r, int n) {
        byte[] d = new byte[n * Signature.DESC];
        for (int i = 0; i < d.length; i++) {
            d[i] = (byte) Math.round(r.nextGaussian() * 254 / 8);
        }
        return d;
    }

    /**
     * A query showing the bank image at 0.9 scale shifted by (12, 8): the first {@code repeated} bank keypoints
     * re-detected, each moved by {@code jitter} pixels in a random direction, plus unrelated keypoints.
     */
    private static Signature query(Signature bank, int repeated, double jitter, Random r) {
        int n = repeated + 150;
        float[] xs = new float[n];
        float[] ys = new float[n];
        byte[] d = descriptors(r, n);
        for (int i = 0; i < repeated; i++) {
            double angle = r.nextDouble() * 2 * Math.PI;
            xs[i] = (float) (bank.xs()[i] * 0.9 + 12 + jitter * Math.cos(angle));
            ys[i] = (float) (bank.ys()[i] * 0.9 + 8 + jitter * Math.sin(angle));
            System.arraycopy(bank.descriptors(), i * Signature.DESC, d, i * Signature.DESC, Signature.DESC);
        }
        for (int i = repeated; i < n; i++) {
            xs[i] = r.nextFloat() * 300;
            ys[i] = r.nextFloat() * 230;
        }
        return new Signature(300, 230, new PdqHash(new long[4], 0), xs, ys, new float[n], d);
    }

    @Test
    void exactlyAlignedKeypointsAreACopyEvenWhenFew() {
        Random r = new Random(1);
        Signature b = bank(r);
        assertTrue(verifier.verify(query(b, 18, 0.3, r), false, b).isPresent(),
                "18 of 100 keypoints aligned to a third of a pixel: the same pixels, re-encoded");
    }

    @Test
    void aFewLooselyAlignedKeypointsAreAnotherPhotographNotACopy() {
        for (long seed = 1; seed <= 5; seed++) {
            Random r = new Random(seed);
            Signature b = bank(r);
            assertTrue(verifier.verify(query(b, 18, 2.5, r), false, b).isEmpty(),
                    "18 of 100 keypoints agreeing only within 2.5 px (seed " + seed + ") is the same scene seen again");
        }
    }

    @Test
    void aLargeShareOfLooselyAlignedKeypointsIsACopy() {
        Random r = new Random(2);
        Signature b = bank(r);
        assertTrue(verifier.verify(query(b, 40, 2.5, r), false, b).isPresent(),
                "40 of 100 keypoints repeated (blurred or resampled copies align less exactly)");
    }
}
