package fakebank.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fakebank.bank.Family;
import fakebank.bank.Label;
import fakebank.bank.Match;
import java.util.List;
import org.junit.jupiter.api.Test;

class NeighbourVoteTest {
    private static Match fake(String id, double similarity, String generator, Family family) {
        return new Match(id, (float) similarity, Label.FAKE, generator, family, null, null);
    }

    private static Match real(String id, double similarity) {
        return new Match(id, (float) similarity, Label.REAL, null, Family.UNKNOWN, null, null);
    }

    @Test
    void nearestNeighbourAloneWithoutPseudoCountIsUnivFdsRule() {
        NeighbourVote univFd = new NeighbourVote(1, 0.1, 0);
        assertEquals(1.0, univFd.pFake(List.of(fake("a", 0.9, "g", Family.GAN), real("b", 0.8))));
        assertEquals(0.0, univFd.pFake(List.of(real("b", 0.9), fake("a", 0.8, "g", Family.GAN))));
    }

    @Test
    void pseudoCountSoftensALoneNeighbour() {
        NeighbourVote vote = new NeighbourVote(1, 0.1, 0.5);
        assertEquals(0.75, vote.pFake(List.of(fake("a", 0.9, "g", Family.GAN))), 1e-12);
    }

    @Test
    void closerNeighboursOutweighFartherOnes() {
        NeighbourVote vote = new NeighbourVote(3, 0.1, 0);
        double p = vote.pFake(List.of(fake("a", 0.9, "g", Family.GAN), real("b", 0.6), real("c", 0.6)));
        // weights 1, e^-3, e^-3
        assertEquals(1 / (1 + 2 * Math.exp(-3)), p, 1e-6);
    }

    @Test
    void largeTemperatureApproachesAUniformVote() {
        NeighbourVote vote = new NeighbourVote(4, 1000, 0);
        double p = vote.pFake(List.of(fake("a", 0.9, "g", Family.GAN), real("b", 0.5), real("c", 0.4),
                fake("d", 0.3, "g", Family.GAN)));
        assertEquals(0.5, p, 1e-3);
    }

    @Test
    void onlyTheFirstKNeighboursVote() {
        NeighbourVote vote = new NeighbourVote(1, 0.1, 0);
        assertEquals(0.0, vote.pFake(List.of(real("a", 0.9), fake("b", 0.9, "g", Family.GAN))));
    }

    @Test
    void noNeighboursGiveAnEvenChance() {
        assertEquals(0.5, new NeighbourVote(5, 0.1, 0.5).pFake(List.of()));
    }

    @Test
    void attributionPicksTheHeaviestFamilyThenItsHeaviestGenerator() {
        NeighbourVote vote = new NeighbourVote(5, 1000, 0); // ~uniform weights
        Attribution a = vote.attribute(List.of(fake("a", 0.9, "gan-x", Family.GAN),
                fake("b", 0.9, "sd", Family.DIFFUSION), fake("c", 0.9, "sd", Family.DIFFUSION),
                fake("d", 0.9, "mj", Family.DIFFUSION), real("e", 0.9)));
        assertEquals("diffusion", a.family());
        assertEquals("sd", a.generator());
        assertEquals(0.5, a.confidence(), 1e-3); // 2 of 4 fake weights
    }

    @Test
    void attributionIsNoneWithoutFakeNeighbours() {
        assertEquals(Attribution.NONE, new NeighbourVote(3, 0.1, 0).attribute(List.of(real("a", 0.9))));
    }

    @Test
    void settingsOutsideTheirRangeAreRejectedByName() {
        var e = assertThrows(IllegalArgumentException.class, () -> new NeighbourVote(0, 0.1, 0));
        assertTrue(e.getMessage().contains("k must be >= 1"));
    }
}
