package fakebank.detect;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fakebank.bank.Label;
import fakebank.bank.LabeledVector;
import fakebank.metrics.Metrics;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinearProbeTest {
    @Test
    void learnsTwoGaussianClustersOnTheSphereWithHighAuc() {
        SyntheticBank bank = new SyntheticBank(64, 0.15, 1);
        List<LabeledVector> training = bank.entries(20, 5, 4, 25);
        List<LabeledVector> test = bank.entries(10, 5, 4, 12);
        LinearProbe probe = LinearProbe.fit(training, 1.0);
        double[] scores = test.stream().mapToDouble(v -> probe.pFake(v.vector())).toArray();
        boolean[] isFake = new boolean[test.size()];
        for (int i = 0; i < isFake.length; i++) {
            isFake[i] = test.get(i).label() == Label.FAKE;
        }
        assertTrue(Metrics.rocAuc(scores, isFake) > 0.95);
    }

    @Test
    void probeOrientationMakesFakesScoreAboveHalf() {
        SyntheticBank bank = new SyntheticBank(16, 0.05, 2);
        // Reals listed first and then fakes first: liblinear's label order must not flip the sign.
        List<LabeledVector> realsFirst = bank.entries(5, 4, 2, 10);
        List<LabeledVector> fakesFirst = new java.util.ArrayList<>(realsFirst);
        java.util.Collections.reverse(fakesFirst);
        for (List<LabeledVector> data : List.of(realsFirst, fakesFirst)) {
            LinearProbe probe = LinearProbe.fit(data, 10);
            assertTrue(probe.pFake(bank.fakeCentre) > 0.5);
            assertTrue(probe.pFake(bank.realCentre) < 0.5);
        }
    }

    @Test
    void embeddingsOfAnotherDimensionAreRejected() {
        LinearProbe probe = new LinearProbe(new double[4], 0, 1);
        assertThrows(IllegalArgumentException.class, () -> probe.score(new float[5]));
    }
}
