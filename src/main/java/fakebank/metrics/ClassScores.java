package fakebank.metrics;

/** Precision, recall and F1 of one class; NaN where the ratio is 0/0. */
public record ClassScores(double precision, double recall, double f1) {
    static ClassScores of(long truePositives, long falsePositives, long falseNegatives) {
        double precision = ratio(truePositives, truePositives + falsePositives);
        double recall = ratio(truePositives, truePositives + falseNegatives);
        double f1 = ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives);
        return new ClassScores(precision, recall, f1);
    }

    public static double ratio(long numerator, long denominator) {
        return denominator == 0 ? Double.NaN : (double) numerator / denominator;
    }
}
