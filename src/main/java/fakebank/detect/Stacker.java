package fakebank.detect;

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

    /**
     * Fits on paired out-of-fold scores; {@code isFake[i]} is the truth. Both classes must be present. The result
     * is monotone: a score whose fitted weight comes out negative is dropped and the other refitted alone, because
     * "more evidence of fake lowers p_fake" is an artefact of the folds that does not carry over to new
     * generators (on the devset it made the combination worse than either score under leave-generator-out).
     */
    static Stacker fit(double[] pKnn, double[] pProbe, boolean[] isFake) {
        double[] w = fitWeights(pKnn, pProbe, isFake, true, true);
        if (w[0] < 0 && w[1] < 0) {
            return new Stacker(0, 0, 0); // neither score ranks the calibration data: say 0.5, i.e. unsure
        }
        if (w[0] < 0) {
            double[] probeOnly = fitWeights(pKnn, pProbe, isFake, false, true);
            return new Stacker(0, Math.max(0, probeOnly[1]), probeOnly[2]);
        }
        if (w[1] < 0) {
            double[] knnOnly = fitWeights(pKnn, pProbe, isFake, true, false);
            return new Stacker(Math.max(0, knnOnly[0]), 0, knnOnly[2]);
        }
        return new Stacker(w[0], w[1], w[2]);
    }

    /** [knnWeight, probeWeight, bias], with an unused score's column set to zero. */
    private static double[] fitWeights(double[] pKnn, double[] pProbe, boolean[] isFake, boolean useKnn,
            boolean useProbe) {
        float[][] rows = new float[pKnn.length][];
        for (int i = 0; i < pKnn.length; i++) {
            // floats: logits are clipped to about +-9.2, so 7 significant digits lose nothing that matters
            float knn = useKnn ? (float) Probabilities.clippedLogit(pKnn[i]) : 0;
            float probe = useProbe ? (float) Probabilities.clippedLogit(pProbe[i]) : 0;
            rows[i] = new float[] {knn, probe};
        }
        return LogisticRegression.fit(rows, isFake, C, null);
    }
}
