package fakebank.detect;

import fakebank.bank.LabeledVector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raw scores of the query entries (all entries of a small bank, a sample of a large one, see {@link TrainingScale})
 * from models that never saw their fold, under each fold plan in turn: the kNN vote for each candidate temperature
 * (neighbours from the other folds' original vectors only, as the bank would hold them) and the probe for each
 * candidate C (trained on the other folds plus their augmented copies). Scores are plan-major: plan 0's queries, then
 * plan 1's. Also each query's leave-one-out nearest similarity, for the novelty cut. Work runs in parallel; results
 * do not depend on scheduling.
 *
 * @param knn     {@code knn[t][p * m + q]}: query q's vote under plan p at {@code temperatureGrid[t]}
 * @param probe   {@code probe[c][p * m + q]}: query q's probe score under plan p at {@code cGrid[c]}
 * @param nearest {@code nearest[q]}: query q's similarity to its most similar other entry
 */
record OutOfFoldScores(double[][] knn, double[][] probe, double[] nearest) {

    /** The training material: dense rows (the entries' own arrays, not copies) and the augmented copies. */
    record Material(List<LabeledVector> data, float[][] rows, boolean[] isFake, float[][] augmentedRows,
            boolean[] augmentedFake, int[] augmentedSource) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(OutOfFoldScores.class);

    static OutOfFoldScores compute(Material m, List<FoldPlan> plans, int[] queries, TrainSettings s) {
        int count = queries.length;
        long t0 = System.nanoTime();
        NeighbourScan.Result scan = NeighbourScan.run(m.data(), queries, plans, s, !s.scale().exact(m.data().size()));
        long t1 = System.nanoTime();
        double[][] knn = new double[s.temperatureGrid().size()][plans.size() * count];
        for (int p = 0; p < plans.size(); p++) {
            for (int t = 0; t < knn.length; t++) {
                System.arraycopy(scan.votes()[p][t], 0, knn[t], p * count, count);
            }
        }
        double[][] probe = new double[s.cGrid().size()][plans.size() * count];
        int folds = s.folds();
        IntStream.range(0, plans.size() * folds).parallel().forEach(task -> scoreFold(m, plans.get(task / folds),
                task / folds, task % folds, queries, s, probe));
        LOG.info("out of fold: neighbour scan of {} entries over {} in {} s; {} fold probes x {} C in {} s", count,
                m.data().size(), seconds(t1 - t0), plans.size() * folds, s.cGrid().size(),
                seconds(System.nanoTime() - t1));
        return new OutOfFoldScores(knn, probe, scan.nearest());
    }

    private static void scoreFold(Material m, FoldPlan plan, int planIndex, int fold, int[] queries, TrainSettings s,
            double[][] probe) {
        int offset = planIndex * queries.length;
        List<Integer> held = new ArrayList<>();
        for (int q = 0; q < queries.length; q++) {
            if (plan.inFold(queries[q], fold)) {
                held.add(q);
            }
        }
        if (held.isEmpty()) {
            return;
        }
        int n = m.data().size();
        int[] kept = IntStream.range(0, n).filter(i -> !plan.inFold(i, fold)).toArray();
        if (!s.scale().exact(n)) {
            kept = stratifiedSample(kept, m.isFake(), s.scale().foldTrainingRows(),
                    s.seed() * 31 + planIndex * 1009L + fold);
        }
        boolean[] training = new boolean[n];
        List<float[]> rows = new ArrayList<>();
        List<Boolean> labels = new ArrayList<>();
        for (int i : kept) {
            training[i] = true;
            rows.add(m.rows()[i]);
            labels.add(m.isFake()[i]);
        }
        for (int a = 0; a < m.augmentedRows().length; a++) {
            if (training[m.augmentedSource()[a]]) {
                rows.add(m.augmentedRows()[a]);
                labels.add(m.augmentedFake()[a]);
            }
        }
        float[][] x = rows.toArray(float[][]::new);
        boolean[] y = new boolean[labels.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels.get(i);
        }
        boolean bothClasses = labels.contains(true) && labels.contains(false);
        LinearProbe previous = null;
        for (int c = 0; c < s.cGrid().size(); c++) {
            if (!bothClasses) {
                // Nothing to learn from one class: an uninformative score, which the stacker will discount.
                for (int q : held) {
                    probe[c][offset + q] = 0.5;
                }
                continue;
            }
            // Ascending C: each fit warm-starts from the more regularised one before it.
            previous = LinearProbe.fit(x, y, s.cGrid().get(c), previous);
            for (int q : held) {
                probe[c][offset + q] = previous.pFake(m.rows()[queries[q]]);
            }
        }
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e9);
    }

    /**
     * About {@code size} of {@code items}, each label keeping its share (at least one of a present label), chosen
     * by a seeded shuffle; returned in ascending order. All of them when there are no more than {@code size}.
     */
    static int[] stratifiedSample(int[] items, boolean[] isFake, int size, long seed) {
        if (items.length <= size) {
            return items.clone();
        }
        int[] fakes = Arrays.stream(items).filter(i -> isFake[i]).toArray();
        int[] reals = Arrays.stream(items).filter(i -> !isFake[i]).toArray();
        int fakeTake = (int) Math.round((double) size * fakes.length / items.length);
        fakeTake = Math.min(fakes.length, Math.max(fakes.length > 0 ? 1 : 0, fakeTake));
        int realTake = Math.min(reals.length, size - fakeTake);
        Random random = new Random(seed);
        int[] out = new int[fakeTake + realTake];
        System.arraycopy(firstOfShuffle(fakes, fakeTake, random), 0, out, 0, fakeTake);
        System.arraycopy(firstOfShuffle(reals, realTake, random), 0, out, fakeTake, realTake);
        Arrays.sort(out);
        return out;
    }

    /** The first {@code take} items of a seeded partial Fisher-Yates shuffle. */
    private static int[] firstOfShuffle(int[] items, int take, Random random) {
        int[] a = items.clone();
        for (int i = 0; i < take; i++) {
            int j = i + random.nextInt(a.length - i);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return Arrays.copyOf(a, take);
    }
}
