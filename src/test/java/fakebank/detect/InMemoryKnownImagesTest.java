package fakebank.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import fakebank.bank.Family;
import fakebank.bank.Label;
import fakebank.bank.LabeledVector;
import fakebank.bank.Match;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryKnownImagesTest {
    private static LabeledVector entry(String id, float x, float y) {
        return new LabeledVector(id, SyntheticBank.unit(new double[] {x, y}), Label.REAL, null, Family.UNKNOWN, null);
    }

    @Test
    void nearestAreSortedBySimilarityThenId() {
        var known = new InMemoryKnownImages(List.of(entry("c", 1, 0), entry("b", 0, 1), entry("a", 0, 1),
                entry("d", 1, 1)));
        List<Match> nearest = known.nearest(new float[] {0, 1}, 3);
        assertEquals(List.of("a", "b", "d"), nearest.stream().map(Match::id).toList());
        assertEquals(1.0, nearest.getFirst().similarity(), 1e-6);
    }

    @Test
    void amongManyEqualNeighboursTheSmallestIdsWin() {
        List<LabeledVector> duplicates = new java.util.ArrayList<>();
        for (int i = 40; i >= 10; i--) {
            duplicates.add(entry("id" + i, 1, 0));
        }
        List<Match> nearest = new InMemoryKnownImages(duplicates).nearest(new float[] {1, 0}, 2);
        assertEquals(List.of("id10", "id11"), nearest.stream().map(Match::id).toList());
    }

    @Test
    void askingForMoreThanThereAreReturnsAll() {
        var known = new InMemoryKnownImages(List.of(entry("a", 1, 0), entry("b", 0, 1)));
        assertEquals(2, known.nearest(new float[] {1, 0}, 10).size());
    }
}
