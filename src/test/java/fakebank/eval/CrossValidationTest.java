package fakebank.eval;

import fakebank.metrics.Metrics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fakebank.bank.Label;
import fakebank.bank.LabeledVector;
import fakebank.detect.SyntheticBank;
import fakebank.detect.TrainSettings;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CrossValidationTest {
    private final SyntheticBank synthetic = new SyntheticBank(32, 0.3, 8);
    private final List<LabeledVector> data = synthetic.entries(24, 3, 5, 14);
    private final TrainSettings settings = TrainSettings.defaults().withFolds(3);

    private static Map<String, Set<Integer>> foldsByGenerator(CrossValidation.Result r) {
        Map<String, Set<Integer>> folds = new HashMap<>();
        for (OutOfFoldPrediction p : r.predictions()) {
            if (p.label() == Label.FAKE) {
                folds.computeIfAbsent(p.generator(), g -> new HashSet<>()).add(p.fold());
            }
        }
        return folds;
    }

    @Test
    void groupedFoldsKeepEachGeneratorOnOneSide() {
        CrossValidation.Result r = CrossValidation.groupedKFold(data, List.of(), settings, 4);
        assertEquals(5, foldsByGenerator(r).size());
        foldsByGenerator(r).forEach((generator, folds) -> assertEquals(1, folds.size(), generator));
    }

    @Test
    void everyItemIsPredictedExactlyOnceByAModelThatNeverSawIt() {
        CrossValidation.Result r = CrossValidation.groupedKFold(data, List.of(), settings, 4);
        assertEquals(data.size(), r.predictions().size());
        assertEquals(data.size(), r.predictions().stream().map(OutOfFoldPrediction::id).distinct().count());
        double[] scores = r.predictions().stream().mapToDouble(OutOfFoldPrediction::pFake).toArray();
        boolean[] isFake = new boolean[scores.length];
        for (int i = 0; i < isFake.length; i++) {
            isFake[i] = r.predictions().get(i).isFake();
        }
        assertTrue(Metrics.rocAuc(scores, isFake) > 0.9);
    }

    @Test
    void leaveGeneratorOutHoldsOutOneWholeGeneratorPerFoldWithAShareOfReals() {
        CrossValidation.Result r = CrossValidation.leaveGeneratorOut(data, List.of(), settings);
        Map<String, Set<Integer>> folds = foldsByGenerator(r);
        assertEquals(5, r.plan().folds());
        Set<Integer> used = new HashSet<>();
        folds.forEach((generator, f) -> {
            assertEquals(1, f.size(), generator);
            used.addAll(f);
        });
        assertEquals(5, used.size()); // one generator per fold
        for (int f = 0; f < 5; f++) {
            int fold = f;
            assertTrue(r.predictions().stream().anyMatch(p -> p.fold() == fold && p.label() == Label.REAL));
        }
        assertEquals(data.size(), r.predictions().size());
    }

    @Test
    void leaveGeneratorOutNeedsTwoGenerators() {
        List<LabeledVector> oneGenerator = synthetic.entries(5, 3, 1, 10);
        assertThrows(IllegalArgumentException.class,
                () -> CrossValidation.leaveGeneratorOut(oneGenerator, List.of(), settings));
    }
}
