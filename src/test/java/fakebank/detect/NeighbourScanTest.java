package fakebank.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fakebank.bank.LabeledVector;
import fakebank.bank.Match;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The one-pass scan gives exactly the per-fold brute-force neighbours and leave-one-out similarities it replaced. */
class NeighbourScanTest {

    @Test
    void votesAndNearestEqualPerFoldBruteForce() {
        List<LabeledVector> data = new SyntheticBank(32, 0.4, 21).entries(25, 3, 5, 12);
        TrainSettings s = TrainSettings.defaults();
        FoldPlan grouped = FoldPlan.grouped(data.stream().map(s.grouping()::of).toList(),
                data.stream().map(LabeledVector::label).toList(), s.folds(), s.seed());
        FoldPlan random = FoldPlan.grouped(data.stream().map(LabeledVector::id).toList(),
                data.stream().map(LabeledVector::label).toList(), s.folds(), s.seed());
        // Every second entry, not in order of the bank: queries are a subset, as on a large bank.
        int[] queries = IntStream.range(0, data.size()).filter(i -> i % 2 == 1).toArray();
        NeighbourScan.Result scan = NeighbourScan.run(data, queries, List.of(grouped, random), s);

        List<FoldPlan> plans = List.of(grouped, random);
        for (int p = 0; p < plans.size(); p++) {
            FoldPlan plan = plans.get(p);
            for (int q = 0; q < queries.length; q++) {
                int item = queries[q];
                List<LabeledVector> others = new ArrayList<>();
                for (int j = 0; j < data.size(); j++) {
                    if (plan.foldOf()[j] != plan.foldOf()[item]) {
                        others.add(data.get(j));
                    }
                }
                List<Match> expected = new InMemoryKnownImages(others).nearest(data.get(item).vector(), s.k());
                for (int t = 0; t < s.temperatureGrid().size(); t++) {
                    double vote = new NeighbourVote(s.k(), s.temperatureGrid().get(t), s.pseudoCount()).pFake(expected);
                    assertEquals(vote, scan.votes()[p][t][q], 0.0, "plan " + p + " query " + item);
                }
            }
        }
        InMemoryKnownImages all = new InMemoryKnownImages(data);
        for (int q = 0; q < queries.length; q++) {
            LabeledVector v = data.get(queries[q]);
            double expected = all.nearest(v.vector(), 2).stream().filter(m -> !m.id().equals(v.id())).findFirst()
                    .orElseThrow().similarity();
            assertEquals(expected, scan.nearest()[q], 0.0, v.id());
        }
    }

    @Test
    void anInt8ShortlistFindsTheSameNeighboursAlmostAlways() {
        List<LabeledVector> data = new SyntheticBank(256, 0.5, 22).entries(60, 4, 8, 30);
        TrainSettings s = TrainSettings.defaults();
        FoldPlan grouped = FoldPlan.grouped(data.stream().map(s.grouping()::of).toList(),
                data.stream().map(LabeledVector::label).toList(), s.folds(), s.seed());
        int[] all = IntStream.range(0, data.size()).toArray();
        NeighbourScan.Result exact = NeighbourScan.run(data, all, List.of(grouped), s, false);
        NeighbourScan.Result int8 = NeighbourScan.run(data, all, List.of(grouped), s, true);
        int same = 0;
        for (int q = 0; q < all.length; q++) {
            same += exact.votes()[0][2][q] == int8.votes()[0][2][q] ? 1 : 0;
            // the nearest similarity is rescored exactly: equal unless int8 rounding lost the nearest entry
            assertEquals(exact.nearest()[q], int8.nearest()[q], 0.0);
        }
        // rescored exactly: a vote differs only where int8 rounding pushed a true neighbour out of the shortlist
        assertTrue(same >= 0.99 * all.length, same + " of " + all.length + " votes equal");
    }
}
