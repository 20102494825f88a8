package fakebank.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TwoSidedOperatingPointTest {
    /** {@code reals} uniform on [0, realTop], {@code fakes} uniform on [fakeBottom, 1], seeded. */
    private static double[][] scores(int reals, double realTop, int fakes, double fakeBottom) {
        Random random = new Random(5);
        double[] s = new double[reals + fakes];
        double[] fake = new double[reals + fakes];
        for (int i = 0; i < reals; i++) {
            s[i] = realTop * random.nextDouble();
        }
        for (int i = reals; i < s.length; i++) {
            s[i] = fakeBottom + (1 - fakeBottom) * random.nextDouble();
            fake[i] = 1;
        }
        return new double[][] {s, fake};
    }

    private static boolean[] flags(double[] f) {
        boolean[] out = new boolean[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = f[i] == 1;
        }
        return out;
    }

    /** Share of items on the wrong side of a decided region: [fakes called real / fakes, reals called fake / reals]. */
    private static double[] errorRates(OperatingPoint op, double[] s, boolean[] fake) {
        int fakes = 0;
        int missed = 0;
        int falseAlarms = 0;
        for (int i = 0; i < s.length; i++) {
            fakes += fake[i] ? 1 : 0;
            Decision d = op.decide(s[i]);
            missed += fake[i] && d == Decision.REAL ? 1 : 0;
            falseAlarms += !fake[i] && d == Decision.FAKE ? 1 : 0;
        }
        return new double[] {(double) missed / fakes, (double) falseAlarms / (s.length - fakes)};
    }

    @Test
    void overlappingScoresAreDecidedOnlyInTheTailsWithinBothTargets() {
        // Reals on [0, 0.7], fakes on [0.3, 1]: [0, 0.3) is purely real, [0.7, 1] purely fake, the middle mixed.
        double[][] d = scores(300, 0.7, 300, 0.3);
        boolean[] fake = flags(d[1]);
        OperatingPoint op = OperatingPoint.twoSided(d[0], fake, 0.05, 0.05, 0);
        assertTrue(op.decidesReal() && op.decidesFake(), op.toString());
        assertTrue(op.unsureLow() > 0.2 && op.unsureLow() < 0.35, "t_real " + op.unsureLow());
        assertTrue(op.unsureHigh() > 0.65 && op.unsureHigh() < 0.8, "t_fake " + op.unsureHigh());
        double[] errors = errorRates(op, d[0], fake);
        assertTrue(errors[0] <= 0.05 && errors[1] <= 0.05, "miss " + errors[0] + ", false alarms " + errors[1]);
    }

    @Test
    void scoresThatDoNotSeparateDecideNothing() {
        // Both classes on the same interval: any region holds as many of one class as of the other.
        double[][] d = scores(300, 1, 300, 0);
        OperatingPoint op = OperatingPoint.twoSided(d[0], flags(d[1]), 0.05, 0.05, 0.4);
        assertFalse(op.separates(), op.toString());
        for (double p = 0; p <= 1; p += 0.01) {
            assertEquals(Decision.UNSURE, op.decide(p), "p " + p);
        }
    }

    @Test
    void aRateTargetAloneIsNotEnoughTheRegionMustAlsoBePrecise() {
        // Fakes mildly above reals (AUC about 0.6): the lowest 5% of fakes come with barely more reals, so a
        // "real" region within the 5% miss target would still be wrong a third of the time. It is not used.
        Random random = new Random(9);
        double[] s = new double[600];
        boolean[] fake = new boolean[600];
        for (int i = 0; i < 600; i++) {
            fake[i] = i >= 300;
            s[i] = Probabilities.sigmoid(random.nextGaussian() + (fake[i] ? 0.35 : 0));
        }
        OperatingPoint op = OperatingPoint.twoSided(s, fake, 0.05, 0.05, 0);
        assertFalse(op.decidesReal(), op.toString());
        assertFalse(op.decidesFake(), op.toString());
    }

    @Test
    void tinyCalibrationSetsDecideNothingBecauseZeroErrorsIsNotAZeroRate() {
        // Ten of each, perfectly separated: the 95% upper bound of 0 errors in 10 (21%) exceeds a 5% target.
        double[][] d = scores(10, 0.4, 10, 0.6);
        assertFalse(OperatingPoint.twoSided(d[0], flags(d[1]), 0.05, 0.05, 0).separates());
        double[][] more = scores(60, 0.4, 60, 0.6); // 0 in 60: bound 4.3%
        assertTrue(OperatingPoint.twoSided(more[0], flags(more[1]), 0.05, 0.05, 0).separates());
    }

    @Test
    void theErrorBoundIsWilsonsOneSided95Percent() {
        assertEquals(0.2129, OperatingPoint.wilsonUpper(0, 10), 1e-4);
        assertEquals(0.0431, OperatingPoint.wilsonUpper(0, 60), 1e-4);
        assertEquals(0.0992, OperatingPoint.wilsonUpper(5, 100), 1e-4);
    }

    @Test
    void cleanlySeparatedScoresKeepAnUnsureMarginAroundTheThreshold() {
        double[][] d = scores(200, 0.4, 200, 0.6);
        OperatingPoint op = OperatingPoint.twoSided(d[0], flags(d[1]), 0.05, 0.05, 0.4);
        assertTrue(op.unsureLow() < op.threshold() && op.threshold() < op.unsureHigh(), op.toString());
        assertEquals(Decision.REAL, op.decide(0.1));
        assertEquals(Decision.FAKE, op.decide(0.9));
    }

    @Test
    void aSideWithoutRegionIsNeverDecidedEvenAtTheExtremes() {
        OperatingPoint onlyFake = new OperatingPoint(0.5, 0, 0.9, false, true);
        assertEquals(Decision.UNSURE, onlyFake.decide(0.0));
        assertEquals(Decision.FAKE, onlyFake.decide(0.95));
        assertTrue(onlyFake.separates());
    }
}
