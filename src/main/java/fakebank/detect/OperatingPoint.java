package fakebank.detect;

import java.util.Arrays;

/**
 * Where calibrated scores turn into decisions: {@code pFake < unsureLow} is real, {@code pFake >= unsureHigh} is
 * fake, anything between is unsure. {@code threshold} (inside the band) is the single cut the metrics report.
 */
public record OperatingPoint(double threshold, double unsureLow, double unsureHigh) {
    public OperatingPoint {
        if (!(unsureLow <= threshold && threshold <= unsureHigh)) {
            throw new IllegalArgumentException("need unsureLow <= threshold <= unsureHigh, got " + unsureLow + ", "
                    + threshold + ", " + unsureHigh);
        }
    }

    /**
     * The cut for calibrated scores with truths {@code isFake}: among cuts that call at most
     * {@code floor(targetFpr * reals)} reals fake, the one with the highest TPR - FPR (Youden's J; ties go to the
     * lower cut). The target is a budget, not a quota: when the classes separate, the cut lands in the gap and
     * spends none of it. Cuts sit halfway between neighbouring distinct scores in log-odds, so a score equal to
     * an observed one is decided as that observation was. The band is {@code bandLogits} on either side, in
     * log-odds: about +-0.1 around 0.5 for 0.4, narrower towards 0 and 1, never leaving (0, 1). Without reals or
     * fakes the cut is 0.5.
     */
    public static OperatingPoint forTargetFpr(double[] scores, boolean[] isFake, double targetFpr,
            double bandLogits) {
        if (scores.length != isFake.length) {
            throw new IllegalArgumentException("scores and labels must have the same length");
        }
        Integer[] order = new Integer[scores.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        int fakes = 0;
        for (boolean f : isFake) {
            fakes += f ? 1 : 0;
        }
        int reals = scores.length - fakes;
        if (fakes == 0 || reals == 0) {
            return around(0.5, bandLogits);
        }
        long allowedFalsePositives = (long) Math.floor(targetFpr * reals);
        // Walk the cut down from above every score; after each run of tied scores it sits in the next gap.
        double bestCut = Math.nextUp(scores[order[0]]);
        double bestJ = 0;
        int truePositives = 0;
        int falsePositives = 0;
        int i = 0;
        while (i < order.length) {
            double score = scores[order[i]];
            while (i < order.length && scores[order[i]] == score) {
                if (isFake[order[i]]) {
                    truePositives++;
                } else {
                    falsePositives++;
                }
                i++;
            }
            if (falsePositives > allowedFalsePositives) {
                break;
            }
            double j = (double) truePositives / fakes - (double) falsePositives / reals;
            if (j >= bestJ) {
                bestJ = j;
                bestCut = i < order.length ? midpoint(scores[order[i]], score) : score;
            }
        }
        return around(bestCut, bandLogits);
    }

    /** Halfway between {@code low < high} in log-odds (arithmetically if either is 0 or 1); always in (low, high]. */
    private static double midpoint(double low, double high) {
        double mid = low > 0 && high < 1
                ? Probabilities.sigmoid((Math.log(low / (1 - low)) + Math.log(high / (1 - high))) / 2)
                : (low + high) / 2;
        return mid > low && mid <= high ? mid : high;
    }

    /** A band of {@code bandLogits} log-odds on either side of {@code threshold}. */
    public static OperatingPoint around(double threshold, double bandLogits) {
        double centre = Probabilities.clippedLogit(threshold);
        double low = Math.min(threshold, Probabilities.sigmoid(centre - bandLogits));
        double high = Math.max(threshold, Probabilities.sigmoid(centre + bandLogits));
        return new OperatingPoint(threshold, bandLogits == 0 ? threshold : low, bandLogits == 0 ? threshold : high);
    }

    public Decision decide(double pFake) {
        if (pFake < unsureLow) {
            return Decision.REAL;
        }
        return pFake >= unsureHigh ? Decision.FAKE : Decision.UNSURE;
    }
}
