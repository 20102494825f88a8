package fakebank.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fakebank.bank.Label;
import fakebank.bank.LabeledVector;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoveltyTest {
    @Test
    void theCutIsTheLowQuantileOfTheBanksOwnNearestNeighbourSimilarities() {
        // Four unit vectors in 2-d at 0, 10, 20 and 90 degrees: nearest-neighbour cosines cos10, cos10, cos10, cos70.
        List<LabeledVector> data = List.of(at("a", 0), at("b", 10), at("c", 20), at("d", 90));
        Novelty all = Novelty.measure(data, 0.25);
        assertEquals(Math.cos(Math.toRadians(70)), all.similarity(), 1e-6);
        Novelty most = Novelty.measure(data, 0.5);
        assertEquals(Math.cos(Math.toRadians(10)), most.similarity(), 1e-6);
        assertTrue(most.isNovel(Math.cos(Math.toRadians(45))));
        assertFalse(most.isNovel(Math.cos(Math.toRadians(5))));
    }

    @Test
    void aZeroQuantileTurnsNoveltyOff() {
        Novelty off = Novelty.measure(List.of(at("a", 0), at("b", 10)), 0);
        assertFalse(off.isNovel(-1));
        assertFalse(Novelty.OFF.isNovel(Double.NaN));
    }

    private static LabeledVector at(String id, double degrees) {
        double r = Math.toRadians(degrees);
        return new LabeledVector(id, new float[] {(float) Math.cos(r), (float) Math.sin(r)}, Label.REAL, null,
                fakebank.bank.Family.UNKNOWN, null);
    }
}
