package fakebank.detect;

import java.util.Arrays;

/**
 * Where calibrated scores turn into decisions: {@code pFake < unsureLow} (t_real) is real when {@code decidesReal},
 * {@code pFake >= unsureHigh} (t_fake) is fake when {@code decidesFake}, anything else is unsure. A side the
 * out-of-fold scores could not separate at the targets is never decided. {@code threshold} (inside the band) is the
 * single cut the metrics report.
 */
public record OperatingPoint(double threshold, double unsureLow, double unsureHigh, boolean decidesReal,
        boolean decidesFake) {
    public OperatingPoint {
        if (!(unsureLow <= threshold && threshold <= unsureHigh)) {
            throw new IllegalArgumentException("need unsureLow <= threshold <= unsureHigh, got " + unsureLow + ", "
                    + threshold + ", " + unsureHigh);
        }
    }

    /** A band that decides both sides. */
    public OperatingPoint(double threshold, double unsureLow, double unsureHigh) {
        this(threshold, unsureLow, unsureHigh, true, true);
    }

    /** Whether the scores separate on at least one side: if not, every verdict not otherwise known is unsure. */
    public boolean separates() {
        return decidesReal || decidesFake;
    }

    /**
     * The two-sided operating point on out-of-fold scores of unseen groups (reals of unseen subjects, fakes of
     * unseen generators):
     * <ul>
     * <li>{@code t_fake}: the lowest cut whose region {@code p >= t_fake} keeps the false-positive rate on reals at
     * most {@code targetFpr} <em>and</em> whose precision at equal priors is at least {@code 1 - targetFpr};</li>
     * <li>{@code t_real}: the highest cut whose region {@code p < t_real} keeps the miss rate on fakes at most
     * {@code targetMiss} and whose precision at equal priors is at least {@code 1 - targetMiss}.</li>
     * </ul>
     * Both use the one-sided 95% Wilson upper bound of the error rate (zero errors in 200 is not a 0% rate), which
     * also means a small calibration set decides nothing. The precision condition is what makes a rate target honest
     * for a weak score: with AUC 0.6, the 5% of fakes below a cut come with barely more reals, and a "real" badge
     * there would be a coin toss. Cuts sit halfway (in log-odds) between the last score inside a region and the
     * next one outside. A side with no qualifying cut is not decided. {@code threshold} is
     * {@link #forTargetFpr}'s cut, clamped into [t_real, t_fake]; the unsure band is at least {@code bandLogits}
     * wide on either side of it, so even cleanly separated scores keep a margin for images unlike the bank's.
     */
    public static OperatingPoint twoSided(double[] scores, boolean[] isFake, double targetFpr, double targetMiss,
            double bandLogits) {
        if (scores.length != isFake.length) {
            throw new IllegalArgumentException("scores and labels must have the same length");
        }
        double[] distinct = Arrays.stream(scores).sorted().distinct().toArray();
        int fakes = 0;
        for (boolean f : isFake) {
            fakes += f ? 1 : 0;
        }
        int reals = scores.length - fakes;
        if (fakes == 0 || reals == 0) {
            return new OperatingPoint(0.5, 0.5, 0.5, false, false);
        }
        double tFake = fakeCut(scores, isFake, distinct, reals, fakes, targetFpr);
        double tReal = realCut(scores, isFake, distinct, reals, fakes, targetMiss);
        boolean decidesFake = !Double.isNaN(tFake);
        boolean decidesReal = !Double.isNaN(tReal);
        double high = decidesFake ? tFake : 1;
        double low = decidesReal ? tReal : 0;
        if (low > high) { // both regions overlap only when the classes separate cleanly: meet in the middle
            double mid = midpoint(high, low);
            low = mid;
            high = mid;
        }
        double cut = Math.min(high, Math.max(low, forTargetFpr(scores, isFake, targetFpr, 0).threshold()));
        OperatingPoint margin = around(cut, bandLogits);
        return new OperatingPoint(cut, Math.min(low, margin.unsureLow()), Math.max(high, margin.unsureHigh()),
                decidesReal, decidesFake);
    }

    /** Lowest qualifying fake cut ({@code p >= cut} is fake), or NaN. */
    private static double fakeCut(double[] scores, boolean[] isFake, double[] distinct, int reals, int fakes,
            double target) {
        double best = Double.NaN;
        for (int d = distinct.length - 1; d >= 0; d--) {
            int[] counts = countAtLeast(scores, isFake, distinct[d]);
            if (qualifies(counts[0], fakes, counts[1], reals, target)) {
                best = d > 0 ? midpoint(distinct[d - 1], distinct[d]) : distinct[d];
            }
        }
        return best;
    }

    /** Highest qualifying real cut ({@code p < cut} is real), or NaN. */
    private static double realCut(double[] scores, boolean[] isFake, double[] distinct, int reals, int fakes,
            double target) {
        double best = Double.NaN;
        for (int d = 0; d < distinct.length; d++) {
            int[] atLeastNext = d + 1 < distinct.length ? countAtLeast(scores, isFake, distinct[d + 1]) : new int[2];
            int fn = fakes - atLeastNext[0];
            int tn = reals - atLeastNext[1];
            if (qualifies(tn, reals, fn, fakes, target)) {
                best = d + 1 < distinct.length ? midpoint(distinct[d], distinct[d + 1]) : Math.nextUp(distinct[d]);
            }
        }
        return best;
    }

    /** [fakes, reals] scoring at least {@code cut}. */
    private static int[] countAtLeast(double[] scores, boolean[] isFake, double cut) {
        int[] counts = new int[2];
        for (int j = 0; j < scores.length; j++) {
            if (scores[j] >= cut) {
                counts[isFake[j] ? 0 : 1]++;
            }
        }
        return counts;
    }

    /** One-sided 95% normal quantile for the error-rate bound. */
    private static final double Z = 1.6448536269514722;

    /**
     * A region holding {@code right} of {@code ofRight} images of its class and {@code wrong} of {@code ofWrong} of
     * the other qualifies when the one-sided 95% upper bound of its error rate is within {@code target} and the
     * precision at equal priors, with that bound, is at least {@code 1 - target}.
     */
    static boolean qualifies(int right, int ofRight, int wrong, int ofWrong, double target) {
        double errorRate = wilsonUpper(wrong, ofWrong);
        double hitRate = (double) right / ofRight;
        return errorRate <= target && hitRate / (hitRate + errorRate) >= 1 - target;
    }

    /**
     * Wilson score upper bound (one-sided 95%) of a rate observed as {@code k} of {@code n}: about 2.7 / (n + 2.7)
     * for k = 0, so "no errors in 40" is not read as a 0% rate. Picking the widest region that passes a test on the
     * same scores is optimistic; the bound is what keeps that search from finding regions that were lucky.
     */
    static double wilsonUpper(int k, int n) {
        double p = (double) k / n;
        double z2 = Z * Z;
        double centre = p + z2 / (2 * n);
        double spread = Z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return Math.min(1, (centre + spread) / (1 + z2 / n));
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
        if (decidesReal && pFake < unsureLow) {
            return Decision.REAL;
        }
        return decidesFake && pFake >= unsureHigh ? Decision.FAKE : Decision.UNSURE;
    }
}
