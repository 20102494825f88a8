package fakebank.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class TrainSettingsTest {
    private static void assertRejected(String constraint, Executable construction) {
        var e = assertThrows(IllegalArgumentException.class, construction);
        assertTrue(e.getMessage().startsWith(constraint), e.getMessage());
    }

    @Test
    void eachConstraintIsNamedWhenViolated() {
        TrainSettings d = TrainSettings.defaults();
        assertRejected("k must be >= 1", () -> d.withK(0));
        assertRejected("folds must be >= 2", () -> d.withFolds(1));
        assertRejected("targetFpr must be in (0, 1)", () -> d.withTargetFpr(1));
        assertRejected("targetFpr must be in (0, 1)", () -> d.withTargetFpr(0));
        assertRejected("band must be >= 0", () -> d.withBand(-0.1));
        assertRejected("cGrid must not be empty", () -> d.withCGrid(List.of()));
        assertRejected("cGrid values must be positive", () -> d.withCGrid(List.of(1.0, -1.0)));
        assertRejected("targetMiss must be in (0, 1)", () -> d.withTargetMiss(0));
        assertRejected("noveltyQuantile must be in [0, 1)", () -> d.withNoveltyQuantile(1));
        assertEquals(0.0, d.withNoveltyQuantile(0).noveltyQuantile(), "0 turns novelty off");
    }

    @Test
    void gridsAreSortedAscendingWithoutDuplicates() {
        assertEquals(List.of(0.1, 1.0, 10.0), TrainSettings.defaults().withCGrid(List.of(10.0, 0.1, 1.0, 0.1)).cGrid());
    }
}
