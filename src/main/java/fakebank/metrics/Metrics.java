package fakebank.metrics;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Binary classification metrics over scores (higher = more likely fake) and truths ({@code isFake}). Pure
 * functions; arrays are not modified. Rank metrics return NaN when a class is missing.
 */
public final class Metrics {
    private Metrics() {
    }

    /**
     * Area under the ROC curve: the probability that a random fake scores above a random real, ties counting
     * one half (Mann-Whitney U with mid-ranks).
     */
    public static double rocAuc(double[] scores, boolean[] isFake) {
        checkSameLength(scores, isFake);
        Integer[] order = ascending(scores);
        long positives = count(isFake, true);
        long negatives = scores.length - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        double positiveRankSum = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double midRank = (i + j) / 2.0 + 1; // ranks are 1-based
            for (int t = i; t <= j; t++) {
                if (isFake[order[t]]) {
                    positiveRankSum += midRank;
                }
            }
            i = j + 1;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /**
     * Average precision (area under the precision-recall curve as a step function, the scikit-learn definition):
     * the sum over distinct score thresholds, from high to low, of (recall gained) x (precision there). Tied scores
     * enter together.
     */
    public static double averagePrecision(double[] scores, boolean[] isFake) {
        checkSameLength(scores, isFake);
        long positives = count(isFake, true);
        if (positives == 0) {
            return Double.NaN;
        }
        Integer[] order = ascending(scores);
        double ap = 0;
        long truePositives = 0;
        long seen = 0;
        int i = order.length - 1;
        while (i >= 0) {
            int j = i;
            while (j - 1 >= 0 && scores[order[j - 1]] == scores[order[i]]) {
                j--;
            }
            long gained = 0;
            for (int t = j; t <= i; t++) {
                gained += isFake[order[t]] ? 1 : 0;
            }
            truePositives += gained;
            seen += i - j + 1;
            ap += (double) gained / positives * ((double) truePositives / seen);
            i = j - 1;
        }
        return ap;
    }

    /** Counts with "fake" meaning {@code score >= threshold}. */
    public static ConfusionMatrix confusion(double[] scores, boolean[] isFake, double threshold) {
        checkSameLength(scores, isFake);
        boolean[] calledFake = new boolean[scores.length];
        for (int i = 0; i < scores.length; i++) {
            calledFake[i] = scores[i] >= threshold;
        }
        return confusion(calledFake, isFake);
    }

    /** Counts of given decisions ({@code calledFake[i]}), e.g. when each item had its own threshold. */
    public static ConfusionMatrix confusion(boolean[] calledFake, boolean[] isFake) {
        if (calledFake.length != isFake.length) {
            throw new IllegalArgumentException("decisions and labels must have the same length, got "
                    + calledFake.length + " and " + isFake.length);
        }
        long tp = 0;
        long fp = 0;
        long tn = 0;
        long fn = 0;
        for (int i = 0; i < isFake.length; i++) {
            if (isFake[i]) {
                if (calledFake[i]) {
                    tp++;
                } else {
                    fn++;
                }
            } else if (calledFake[i]) {
                fp++;
            } else {
                tn++;
            }
        }
        return new ConfusionMatrix(tp, fp, tn, fn);
    }

    public static double accuracy(double[] scores, boolean[] isFake, double threshold) {
        return confusion(scores, isFake, threshold).accuracy();
    }

    public static double balancedAccuracy(double[] scores, boolean[] isFake, double threshold) {
        return confusion(scores, isFake, threshold).balancedAccuracy();
    }

    /** Share of reals with {@code score >= threshold}. */
    public static double falsePositiveRate(double[] scores, boolean[] isFake, double threshold) {
        return confusion(scores, isFake, threshold).falsePositiveRate();
    }

    /**
     * Mean negative log-likelihood of probabilities (clipped to [1e-6, 1 - 1e-6]), each class weighted to half of
     * the total so that the majority class does not dominate. Lower is better; NaN for empty input.
     */
    public static double balancedLogLoss(double[] probabilities, boolean[] isFake) {
        checkSameLength(probabilities, isFake);
        long positives = count(isFake, true);
        long negatives = probabilities.length - positives;
        double positiveLoss = 0;
        double negativeLoss = 0;
        for (int i = 0; i < probabilities.length; i++) {
            double p = Math.min(1 - 1e-6, Math.max(1e-6, probabilities[i]));
            if (isFake[i]) {
                positiveLoss -= Math.log(p);
            } else {
                negativeLoss -= Math.log(1 - p);
            }
        }
        if (positives == 0 && negatives == 0) {
            return Double.NaN;
        }
        if (positives == 0) {
            return negativeLoss / negatives;
        }
        if (negatives == 0) {
            return positiveLoss / positives;
        }
        return (positiveLoss / positives + negativeLoss / negatives) / 2;
    }

    private static Integer[] ascending(double[] scores) {
        Integer[] order = new Integer[scores.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        return order;
    }

    private static long count(boolean[] values, boolean wanted) {
        long n = 0;
        for (boolean v : values) {
            n += v == wanted ? 1 : 0;
        }
        return n;
    }

    private static void checkSameLength(double[] scores, boolean[] isFake) {
        if (scores.length != isFake.length) {
            throw new IllegalArgumentException("scores and labels must have the same length, got " + scores.length
                    + " and " + isFake.length);
        }
        for (double s : scores) {
            if (Double.isNaN(s)) {
                throw new IllegalArgumentException("scores must not be NaN");
            }
        }
    }
}
