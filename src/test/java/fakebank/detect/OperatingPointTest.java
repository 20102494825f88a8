package fakebank.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fakebank.metrics.Metrics;
import org.junit.jupiter.api.Test;

class OperatingPointTest {
    /** 100 reals at 0.00..0.99 and 100 fakes at 0.500..0.995: fakes gather twice as fast near the top. */
    private static final double[] SCORES = new double[200];
    private static final boolean[] IS_FAKE = new boolean[200];

    static {
        for (int i = 0; i < 100; i++) {
            SCORES[i] = i / 100.0;
            SCORES[100 + i] = 0.5 + i / 200.0;
            IS_FAKE[100 + i] = true;
        }
    }

    @Test
    void overlappingClassesSpendTheFalsePositiveBudgetWhenItPaysButNoMore() {
        OperatingPoint op = OperatingPoint.forTargetFpr(SCORES, IS_FAKE, 0.05, 0);
        assertEquals(0.05, Metrics.falsePositiveRate(SCORES, IS_FAKE, op.threshold()), 1e-12);
    }

    @Test
    void extraFalsePositivesThatCatchNoMoreFakesAreNotSpent() {
        double[] scores = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.95, 0.99};
        boolean[] isFake = {false, false, false, false, false, false, false, false, true, false};
        // Budget of one false positive; taking the real at 0.99 gains nothing unless the fake at 0.95 comes too,
        // and then TPR - FPR = 1 - 1/9 beats 0.
        OperatingPoint op = OperatingPoint.forTargetFpr(scores, isFake, 0.12, 0);
        assertTrue(op.threshold() > 0.8 && op.threshold() <= 0.95, "threshold " + op.threshold());
        OperatingPoint none = OperatingPoint.forTargetFpr(scores, isFake, 0.05, 0);
        assertTrue(none.threshold() > 0.99, "no false positive allowed: threshold " + none.threshold());
    }

    @Test
    void separatedClassesGetACutInTheGapWithoutFalsePositives() {
        double[] scores = {0.01, 0.02, 0.03, 0.9, 0.95, 0.99};
        boolean[] isFake = {false, false, false, true, true, true};
        OperatingPoint op = OperatingPoint.forTargetFpr(scores, isFake, 0.05, 0);
        assertTrue(op.threshold() > 0.03 && op.threshold() < 0.9, "threshold " + op.threshold());
        // halfway in log-odds between 0.03 and 0.9
        assertEquals(Probabilities.sigmoid((Math.log(0.03 / 0.97) + Math.log(9)) / 2), op.threshold(), 1e-12);
    }

    @Test
    void tiedScoresAcrossTheClassesAreNeverSplitByTheCut() {
        double[] scores = {0.2, 0.7, 0.7, 0.7};
        boolean[] isFake = {false, false, true, true};
        OperatingPoint op = OperatingPoint.forTargetFpr(scores, isFake, 0.2, 0);
        assertTrue(op.threshold() > 0.7, "threshold " + op.threshold());
    }

    @Test
    void bandIsMeasuredInLogOddsAroundTheThreshold() {
        OperatingPoint op = OperatingPoint.around(0.5, 0.4);
        assertEquals(0.5 - 0.0987, op.unsureLow(), 1e-3);
        assertEquals(0.5 + 0.0987, op.unsureHigh(), 1e-3);
        OperatingPoint high = OperatingPoint.around(0.95, 0.4);
        assertTrue(high.unsureHigh() < 1 && high.unsureHigh() - high.threshold() < 0.02);
    }

    @Test
    void scoresBelowTheBandAreRealInsideUnsureAndAboveFake() {
        OperatingPoint op = new OperatingPoint(0.5, 0.4, 0.6);
        assertEquals(Decision.REAL, op.decide(0.39));
        assertEquals(Decision.UNSURE, op.decide(0.4));
        assertEquals(Decision.UNSURE, op.decide(0.59));
        assertEquals(Decision.FAKE, op.decide(0.6));
    }
}
