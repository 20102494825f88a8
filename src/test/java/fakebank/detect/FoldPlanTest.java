package fakebank.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fakebank.bank.Label;
import fakebank.bank.LabeledVector;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FoldPlanTest {
    private final List<LabeledVector> data = new SyntheticBank(8, 0.1, 3).entries(12, 3, 6, 7);
    private final GroupKey grouping = GroupKey.generatorOrSubject();

    private FoldPlan plan(int folds, long seed) {
        return FoldPlan.grouped(data.stream().map(grouping::of).toList(),
                data.stream().map(LabeledVector::label).toList(), folds, seed);
    }

    @Test
    void eachGroupStaysInOneFold() {
        FoldPlan plan = plan(5, 1);
        Map<String, Set<Integer>> foldsOfGroup = new HashMap<>();
        for (int i = 0; i < data.size(); i++) {
            foldsOfGroup.computeIfAbsent(grouping.of(data.get(i)), g -> new HashSet<>()).add(plan.foldOf()[i]);
        }
        foldsOfGroup.forEach((group, folds) -> assertEquals(1, folds.size(), group));
        assertTrue(foldsOfGroup.containsKey("fake:gen-0") && foldsOfGroup.containsKey("real:subject0"));
        assertTrue(plan.notes().isEmpty());
    }

    @Test
    void everyFoldGetsRealsAndFakesWhenThereAreEnoughGroups() {
        FoldPlan plan = plan(5, 1);
        for (int f = 0; f < 5; f++) {
            Set<Label> labels = new HashSet<>();
            for (int i = 0; i < data.size(); i++) {
                if (plan.inFold(i, f)) {
                    labels.add(data.get(i).label());
                }
            }
            assertEquals(Set.of(Label.REAL, Label.FAKE), labels, "fold " + f);
        }
    }

    @Test
    void aClassWithFewerGroupsThanFoldsIsSplitImageByImageWithANote() {
        FoldPlan plan = plan(8, 1); // only 6 generators
        assertEquals(1, plan.notes().size());
        assertTrue(plan.notes().getFirst().startsWith("fake images have 6 group(s)"));
        Set<Integer> foldsOfGen0 = new HashSet<>();
        for (int i = 0; i < data.size(); i++) {
            if ("gen-0".equals(data.get(i).generator())) {
                foldsOfGen0.add(plan.foldOf()[i]);
            }
        }
        assertFalse(foldsOfGen0.size() == 1);
    }

    @Test
    void theSameSeedGivesTheSamePlan() {
        assertArrayEquals(plan(5, 9).foldOf(), plan(5, 9).foldOf());
    }
}
