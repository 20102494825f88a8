package fakebank.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MetricsTest {
    // The scikit-learn documentation's example: y = [0, 0, 1, 1], scores = [0.1, 0.4, 0.35, 0.8].
    private static final double[] SCORES = {0.1, 0.4, 0.35, 0.8};
    private static final boolean[] IS_FAKE = {false, false, true, true};

    @Test
    void aucOfAKnownRankingIsTheShareOfCorrectlyOrderedPairs() {
        // pairs (fake, real): (0.35 > 0.1) yes, (0.35 > 0.4) no, (0.8 > 0.1) yes, (0.8 > 0.4) yes
        assertEquals(0.75, Metrics.rocAuc(SCORES, IS_FAKE), 1e-12);
    }

    @Test
    void aucCountsTiedPairsAsHalf() {
        assertEquals(0.5, Metrics.rocAuc(new double[] {0.3, 0.3, 0.3}, new boolean[] {true, false, false}), 1e-12);
        // one fake tied with one real, above the other real: (0.5 + 1) / 2
        assertEquals(0.75, Metrics.rocAuc(new double[] {0.5, 0.5, 0.1}, new boolean[] {true, false, false}), 1e-12);
    }

    @Test
    void aucIsUndefinedWithoutBothClasses() {
        assertTrue(Double.isNaN(Metrics.rocAuc(new double[] {0.1, 0.2}, new boolean[] {true, true})));
    }

    @Test
    void averagePrecisionSumsPrecisionAtEachRecallStep() {
        // ranks: 0.8 fake (P 1, R .5), 0.4 real, 0.35 fake (P 2/3, R 1) -> 0.5 * 1 + 0.5 * 2/3
        assertEquals(0.5 + 1.0 / 3, Metrics.averagePrecision(SCORES, IS_FAKE), 1e-12);
    }

    @Test
    void averagePrecisionTakesTiedScoresTogether() {
        // all tied: one step to recall 1 at precision 1/3
        assertEquals(1.0 / 3, Metrics.averagePrecision(new double[] {0.5, 0.5, 0.5},
                new boolean[] {true, false, false}), 1e-12);
    }

    @Test
    void confusionCountsScoresAtTheThresholdAsFake() {
        ConfusionMatrix c = Metrics.confusion(SCORES, IS_FAKE, 0.4);
        assertEquals(new ConfusionMatrix(1, 1, 1, 1), c);
        assertEquals(0.5, c.accuracy(), 1e-12);
        assertEquals(0.5, c.falsePositiveRate(), 1e-12);
    }

    @Test
    void perClassScoresAndBalancedAccuracyFollowTheirDefinitions() {
        // tp 3, fp 1, tn 5, fn 1
        ConfusionMatrix c = new ConfusionMatrix(3, 1, 5, 1);
        assertEquals(0.75, c.fake().precision(), 1e-12);
        assertEquals(0.75, c.fake().recall(), 1e-12);
        assertEquals(0.75, c.fake().f1(), 1e-12);
        assertEquals(5.0 / 6, c.real().precision(), 1e-12);
        assertEquals(5.0 / 6, c.real().recall(), 1e-12);
        assertEquals((0.75 + 5.0 / 6) / 2, c.balancedAccuracy(), 1e-12);
        assertEquals(0.8, c.accuracy(), 1e-12);
    }

    @Test
    void falsePositiveRateIsTheShareOfRealsAtOrAboveTheThreshold() {
        assertEquals(0.5, Metrics.falsePositiveRate(SCORES, IS_FAKE, 0.4), 1e-12);
        assertEquals(0.0, Metrics.falsePositiveRate(SCORES, IS_FAKE, 0.41), 1e-12);
    }

    @Test
    void balancedLogLossWeighsBothClassesEqually() {
        double loss = Metrics.balancedLogLoss(new double[] {0.5, 0.9, 0.9, 0.9}, new boolean[] {true, false, false,
                false});
        assertEquals((Math.log(2) + Math.log(10)) / 2, loss, 1e-9);
    }
}
