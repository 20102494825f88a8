package fakebank.detect;

import fakebank.bank.Label;
import fakebank.bank.LabeledVector;
import java.util.List;

/**
 * A linear probe on embeddings (UnivFD's "LP"): {@code p_fake = sigmoid(weights . x + bias)}, trained by
 * class-balanced L2 logistic regression with regularisation strength {@code c} (liblinear's C: larger means
 * weaker regularisation). Immutable; {@code weights} must not be modified.
 */
public record LinearProbe(double[] weights, double bias, double c) {
    public LinearProbe {
        if (weights == null || weights.length == 0) {
            throw new IllegalArgumentException("weights must be non-empty");
        }
        if (!(c > 0)) {
            throw new IllegalArgumentException("c must be > 0, got " + c);
        }
    }

    /** Trains on the given vectors (both labels must be present). */
    public static LinearProbe fit(List<LabeledVector> data, double c) {
        float[][] rows = new float[data.size()][];
        boolean[] isFake = new boolean[data.size()];
        for (int i = 0; i < data.size(); i++) {
            rows[i] = data.get(i).vector();
            isFake[i] = data.get(i).label() == Label.FAKE;
        }
        return fit(rows, isFake, c, null);
    }

    /** Trains on dense rows (not copied); {@code warmStart} (a previous probe on the same features) may be null. */
    static LinearProbe fit(float[][] rows, boolean[] isFake, double c, LinearProbe warmStart) {
        double[] init = warmStart == null ? null : warmStart.asSolution();
        double[] w = LogisticRegression.fit(rows, isFake, c, init);
        int dimension = rows[0].length;
        double[] weights = new double[dimension];
        System.arraycopy(w, 0, weights, 0, dimension);
        return new LinearProbe(weights, w[dimension], c);
    }

    public int dimension() {
        return weights.length;
    }

    /** The log-odds of fake for an embedding of this probe's dimension. */
    public double score(float[] embedding) {
        if (embedding.length != weights.length) {
            throw new IllegalArgumentException("embedding has dimension " + embedding.length + ", probe expects "
                    + weights.length);
        }
        double z = bias;
        for (int i = 0; i < weights.length; i++) {
            z += weights[i] * embedding[i];
        }
        return z;
    }

    public double pFake(float[] embedding) {
        return Probabilities.sigmoid(score(embedding));
    }

    private double[] asSolution() {
        double[] w = new double[weights.length + 1];
        System.arraycopy(weights, 0, w, 0, weights.length);
        w[weights.length] = bias;
        return w;
    }
}
