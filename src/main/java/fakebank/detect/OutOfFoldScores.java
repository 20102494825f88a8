package fakebank.detect;

import de.bwaldvogel.liblinear.Feature;
import fakebank.bank.LabeledVector;
import fakebank.bank.Match;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Raw scores of every item from models that never saw its fold: the kNN vote for each candidate temperature
 * (neighbours from the other folds' original vectors only, as the bank would hold them) and the probe for each
 * candidate C (trained on the other folds plus their augmented copies). Folds run in parallel; results do not
 * depend on scheduling.
 *
 * @param knn   {@code knn[t][i]}: item i's vote at {@code temperatureGrid[t]}
 * @param probe {@code probe[c][i]}: item i's probe score at {@code cGrid[c]}
 */
record OutOfFoldScores(double[][] knn, double[][] probe) {

    /** The training material, prepared once: liblinear rows for the originals and the augmented copies. */
    record Material(List<LabeledVector> data, Feature[][] rows, double[] labels, Feature[][] augmentedRows,
            double[] augmentedLabels, int[] augmentedSource, int dimension) {
    }

    /** These scores with {@code more}'s appended after them, candidate by candidate. */
    OutOfFoldScores followedBy(OutOfFoldScores more) {
        return new OutOfFoldScores(append(knn, more.knn), append(probe, more.probe));
    }

    private static double[][] append(double[][] a, double[][] b) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = java.util.Arrays.copyOf(a[i], a[i].length + b[i].length);
            System.arraycopy(b[i], 0, out[i], a[i].length, b[i].length);
        }
        return out;
    }

    static OutOfFoldScores compute(Material m, FoldPlan plan, TrainSettings s) {
        int n = m.data().size();
        double[][] knn = new double[s.temperatureGrid().size()][n];
        double[][] probe = new double[s.cGrid().size()][n];
        IntStream.range(0, plan.folds()).parallel().forEach(fold -> scoreFold(m, plan, s, fold, knn, probe));
        return new OutOfFoldScores(knn, probe);
    }

    private static void scoreFold(Material m, FoldPlan plan, TrainSettings s, int fold, double[][] knn,
            double[][] probe) {
        List<Integer> held = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < m.data().size(); i++) {
            (plan.inFold(i, fold) ? held : kept).add(i);
        }
        if (held.isEmpty()) {
            return;
        }
        InMemoryKnownImages others = new InMemoryKnownImages(kept.stream().map(m.data()::get).toList());
        List<NeighbourVote> votes = s.temperatureGrid().stream()
                .map(t -> new NeighbourVote(s.k(), t, s.pseudoCount())).toList();
        for (int i : held) {
            List<Match> neighbours = others.nearest(m.data().get(i).vector(), s.k());
            for (int t = 0; t < votes.size(); t++) {
                knn[t][i] = votes.get(t).pFake(neighbours);
            }
        }

        List<Feature[]> rows = new ArrayList<>();
        List<Double> labels = new ArrayList<>();
        for (int i : kept) {
            rows.add(m.rows()[i]);
            labels.add(m.labels()[i]);
        }
        for (int a = 0; a < m.augmentedRows().length; a++) {
            if (!plan.inFold(m.augmentedSource()[a], fold)) {
                rows.add(m.augmentedRows()[a]);
                labels.add(m.augmentedLabels()[a]);
            }
        }
        Feature[][] x = rows.toArray(Feature[][]::new);
        double[] y = labels.stream().mapToDouble(Double::doubleValue).toArray();
        boolean bothClasses = labels.contains(LogisticRegression.FAKE) && labels.contains(LogisticRegression.REAL);
        LinearProbe previous = null;
        for (int c = 0; c < s.cGrid().size(); c++) {
            if (!bothClasses) {
                // Nothing to learn from one class: an uninformative score, which the stacker will discount.
                for (int i : held) {
                    probe[c][i] = 0.5;
                }
                continue;
            }
            // Ascending C: each fit warm-starts from the more regularised one before it.
            previous = LinearProbe.fit(x, y, m.dimension(), s.cGrid().get(c), previous);
            for (int i : held) {
                probe[c][i] = previous.pFake(m.data().get(i).vector());
            }
        }
    }
}
