package fakebank.metrics;

/**
 * Counts of a binary decision with fake as the positive class: {@code truePositives} are fakes called fake,
 * {@code falsePositives} reals called fake, and so on. Rates are NaN when their denominator is 0.
 */
public record ConfusionMatrix(long truePositives, long falsePositives, long trueNegatives, long falseNegatives) {
    public long total() {
        return truePositives + falsePositives + trueNegatives + falseNegatives;
    }

    public double accuracy() {
        return ClassScores.ratio(truePositives + trueNegatives, total());
    }

    /** Mean of the two recalls: what accuracy would be on a balanced set. */
    public double balancedAccuracy() {
        return (fake().recall() + real().recall()) / 2;
    }

    /** Share of reals called fake. */
    public double falsePositiveRate() {
        return ClassScores.ratio(falsePositives, falsePositives + trueNegatives);
    }

    /** Share of fakes called fake. */
    public double truePositiveRate() {
        return ClassScores.ratio(truePositives, truePositives + falseNegatives);
    }

    public ClassScores fake() {
        return ClassScores.of(truePositives, falsePositives, falseNegatives);
    }

    public ClassScores real() {
        return ClassScores.of(trueNegatives, falseNegatives, falsePositives);
    }
}
