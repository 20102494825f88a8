package fakebank.bank;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

/** Small helpers for bank tests: unit vectors, entries with real sha256 digests, banks that commit only on demand. */
final class TestBanks {
    static final String ENCODER = "test-encoder@1";
    static final int DIM = 32;

    private TestBanks() {
    }

    /** A bank whose background commit never fires during a test, so tests control commits. */
    static Bank open(Path dir) {
        return open(dir, BankOptions.defaults());
    }

    static Bank open(Path dir, BankOptions options) {
        return Bank.open(dir, ENCODER, DIM, options, Duration.ofHours(1));
    }

    static BankOptions quantized() {
        BankOptions d = BankOptions.defaults();
        return new BankOptions(d.keepOriginals(), d.nearDuplicateThreshold(), d.searchWidth(), d.hnswM(),
                d.hnswBeamWidth(), true);
    }

    static float[] unit(Random r, int dim) {
        float[] v = new float[dim];
        double sq = 0;
        for (int i = 0; i < dim; i++) {
            v[i] = (float) r.nextGaussian();
            sq += v[i] * v[i];
        }
        float s = (float) (1 / Math.sqrt(sq));
        for (int i = 0; i < dim; i++) {
            v[i] *= s;
        }
        return v;
    }

    /** {@code v} plus a little noise, normalised: similarity to {@code v} stays close to 1. */
    static float[] near(float[] v, float noise, Random r) {
        float[] w = v.clone();
        for (int i = 0; i < w.length; i++) {
            w[i] += noise * (float) r.nextGaussian() / (float) Math.sqrt(w.length);
        }
        double sq = 0;
        for (float x : w) {
            sq += x * x;
        }
        float s = (float) (1 / Math.sqrt(sq));
        for (int i = 0; i < w.length; i++) {
            w[i] *= s;
        }
        return w;
    }

    static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    static NewEntry entry(Random r, float[] vector, Label label, String generator) {
        byte[] original = bytes(r, 64);
        return new NewEntry(fakebank.hash.Sha256.hex(original), vector, bytes(r, 100), original,
                new EntryMeta(label, generator, null, "test-source", null, "tester"));
    }

    static NewEntry entry(Random r, float[] vector) {
        return entry(r, vector, Label.FAKE, "sdxl");
    }

    static float dot(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
