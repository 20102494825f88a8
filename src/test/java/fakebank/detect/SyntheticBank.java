package fakebank.detect;

import fakebank.bank.Family;
import fakebank.bank.Label;
import fakebank.bank.LabeledVector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded synthetic embeddings on the unit sphere: reals scattered around one centre (ids "subjectS/imgI", a few
 * images per subject), fakes around a second centre, each generator "gen-G" slightly offset from it. The noise per
 * coordinate sets how much the classes overlap.
 */
public final class SyntheticBank {
    public final int dimension;
    public final float[] realCentre;
    public final float[] fakeCentre;
    private final double noise;
    private final Random random;

    public SyntheticBank(int dimension, double noise, long seed) {
        this.dimension = dimension;
        this.noise = noise;
        this.random = new Random(seed);
        this.realCentre = randomUnit();
        this.fakeCentre = randomUnit();
    }

    /** {@code subjects} x {@code perSubject} reals, then {@code generators} x {@code perGenerator} fakes. */
    public List<LabeledVector> entries(int subjects, int perSubject, int generators, int perGenerator) {
        List<LabeledVector> out = new ArrayList<>();
        for (int s = 0; s < subjects; s++) {
            for (int i = 0; i < perSubject; i++) {
                out.add(new LabeledVector("subject" + s + "/img" + i, near(realCentre), Label.REAL, null,
                        Family.UNKNOWN, null));
            }
        }
        for (int g = 0; g < generators; g++) {
            float[] centre = unit(mix(fakeCentre, randomUnit(), 0.3));
            Family family = g % 2 == 0 ? Family.DIFFUSION : Family.GAN;
            for (int i = 0; i < perGenerator; i++) {
                out.add(new LabeledVector("gen" + g + "-" + i, near(centre), Label.FAKE, "gen-" + g, family, null));
            }
        }
        return out;
    }

    /** A noisy unit vector around {@code centre}. */
    public float[] near(float[] centre) {
        double[] v = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            v[i] = centre[i] + noise * random.nextGaussian();
        }
        return unit(v);
    }

    /** A unit vector a little away from {@code v}: per-coordinate noise {@code amount}. */
    public float[] jitter(float[] v, double amount) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] + amount * random.nextGaussian();
        }
        return unit(out);
    }

    public float[] randomUnit() {
        double[] v = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            v[i] = random.nextGaussian();
        }
        return unit(v);
    }

    /** {@code (1 - t) a + t b}, not normalised. */
    public static double[] mix(float[] a, float[] b, double t) {
        double[] v = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            v[i] = (1 - t) * a[i] + t * b[i];
        }
        return v;
    }

    public static float[] unit(double[] v) {
        double norm = 0;
        for (double x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / norm);
        }
        return out;
    }
}
