package fakebank.detect;

import de.bwaldvogel.liblinear.Feature;

/**
 * Platt-style stacking of the two raw scores: {@code p_fake = sigmoid(knnWeight * logit(p_knn) + probeWeight *
 * logit(p_probe) + bias)}, with both inputs clipped to [1e-4, 1 - 1e-4] first. Fitted on out-of-fold scores with
 * class-balanced weights, so {@code p_fake} is calibrated for equal priors of real and fake (the bank's mix is not
 * the traffic's). A stacker with {@code probeWeight = 0} is a calibrated kNN vote alone.
 */
public record Stacker(double knnWeight, double probeWeight, double bias) {
    /** Regularisation for two features and hundreds of rows: light, only to keep separable data finite. */
    static final double C = 10;

    public double pFake(double pKnn, double pProbe) {
        return Probabilities.sigmoid(knnWeight * Probabilities.clippedLogit(pKnn)
                + probeWeight * Probabilities.clippedLogit(pProbe) + bias);
    }

    /** Fits on paired out-of-fold scores; {@code isFake[i]} is the truth. Both classes must be present. */
    static Stacker fit(double[] pKnn, double[] pProbe, boolean[] isFake) {
        Feature[][] rows = new Feature[pKnn.length][];
        double[] labels = new double[pKnn.length];
        for (int i = 0; i < pKnn.length; i++) {
            rows[i] = LogisticRegression.row(new double[] {
                    Probabilities.clippedLogit(pKnn[i]), Probabilities.clippedLogit(pProbe[i])});
            labels[i] = isFake[i] ? LogisticRegression.FAKE : LogisticRegression.REAL;
        }
        double[] w = LogisticRegression.fit(rows, labels, 2, C, null);
        return new Stacker(w[0], w[1], w[2]);
    }
}
