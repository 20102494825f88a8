package fakebank.detect;

/** Logit and sigmoid with the clipping every score goes through before it is combined. */
final class Probabilities {
    /** Scores are clipped to [EPSILON, 1 - EPSILON] before taking logits so a 0/1 vote stays finite. */
    static final double EPSILON = 1e-4;

    private Probabilities() {
    }

    static double clippedLogit(double p) {
        double q = Math.min(1 - EPSILON, Math.max(EPSILON, p));
        return Math.log(q / (1 - q));
    }

    static double sigmoid(double z) {
        // Two branches so neither overflows exp for large |z|.
        if (z >= 0) {
            return 1 / (1 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1 + e);
    }
}
