package fakebank.detect;

import fakebank.bank.LabeledVector;
import fakebank.bank.Match;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.lucene.util.VectorUtil;

/**
 * Out-of-fold kNN votes and leave-one-out nearest similarities for a set of query entries, from one exact scan of
 * the bank per block of queries: each similarity is computed once and offered to every fold plan's neighbour list
 * (neighbours outside the query's fold in that plan) and to the novelty list (every entry but the query itself).
 * The lists are exactly {@link InMemoryKnownImages#nearest} over the other folds: a SIMD shortlist with a margin
 * beyond k, rescored with the reproducible dot product, sorted by similarity then id. Cost: queries x n x d, read
 * from memory once per block of {@link #BLOCK} queries. Query blocks run in parallel; results do not depend on
 * scheduling.
 *
 * <p>On a sampled (large) bank the shortlist is taken on int8 codes instead (each vector scaled by its largest
 * coordinate): about three times faster, with a wider margin, and still rescored exactly; a true neighbour can then
 * be missed only when int8 rounding moves it past {@link #INT8_MARGIN} others.
 */
final class NeighbourScan {
    /** Queries scanned together, so each bank vector is read from memory once per block, not once per query. */
    static final int BLOCK = 16;
    /** Novelty needs the nearest other entry; the shortlist margin is that of {@code nearest(v, 2)}. */
    private static final int NOVELTY_SHORTLIST = 2 + 8;
    /** Extra shortlist room when shortlisting on int8 codes. */
    static final int INT8_MARGIN = 16;

    /**
     * @param votes   {@code votes[plan][t][q]}: query q's kNN vote at {@code temperatureGrid[t]}, neighbours from the
     *                other folds of {@code plans[plan]}
     * @param nearest {@code nearest[q]}: query q's similarity to its most similar other entry (-1 if none)
     */
    record Result(double[][][] votes, double[] nearest) {
    }

    private NeighbourScan() {
    }

    static Result run(List<LabeledVector> data, int[] queries, List<FoldPlan> plans, TrainSettings s) {
        return run(data, queries, plans, s, false);
    }

    /** @param int8 shortlist on int8 codes (large banks) instead of floats */
    static Result run(List<LabeledVector> data, int[] queries, List<FoldPlan> plans, TrainSettings s, boolean int8) {
        int m = queries.length;
        double[][][] votes = new double[plans.size()][s.temperatureGrid().size()][m];
        double[] nearest = new double[m];
        List<NeighbourVote> rules = s.temperatureGrid().stream()
                .map(t -> new NeighbourVote(s.k(), t, s.pseudoCount())).toList();
        Codes codes = int8 ? Codes.of(data) : null;
        int blocks = (m + BLOCK - 1) / BLOCK;
        IntStream.range(0, blocks).parallel().forEach(b -> scanBlock(data, codes, queries, b * BLOCK,
                Math.min(m, (b + 1) * BLOCK), plans, s.k(), rules, votes, nearest));
        return new Result(votes, nearest);
    }

    /** Per-vector int8 codes: {@code x ~ scale * code}, code in [-127, 127]. */
    private record Codes(byte[][] code, float[] scale) {
        static Codes of(List<LabeledVector> data) {
            byte[][] code = new byte[data.size()][];
            float[] scale = new float[data.size()];
            IntStream.range(0, data.size()).parallel().forEach(i -> {
                float[] v = data.get(i).vector();
                float max = 0;
                for (float f : v) {
                    max = Math.max(max, Math.abs(f));
                }
                scale[i] = max == 0 ? 0 : max / 127;
                byte[] c = new byte[v.length];
                for (int j = 0; j < v.length; j++) {
                    c[j] = max == 0 ? 0 : (byte) Math.round(v[j] / scale[i]);
                }
                code[i] = c;
            });
            return new Codes(code, scale);
        }

        float similarity(int a, int b) {
            return VectorUtil.dotProduct(code[a], code[b]) * scale[a] * scale[b];
        }
    }

    private static void scanBlock(List<LabeledVector> data, Codes codes, int[] queries, int from, int to,
            List<FoldPlan> plans, int k, List<NeighbourVote> rules, double[][][] votes, double[] nearest) {
        int n = data.size();
        int width = to - from;
        int margin = codes == null ? 0 : INT8_MARGIN;
        int shortlist = k + Math.max(8, k) + margin;
        Shortlist[][] perPlan = new Shortlist[width][plans.size()];
        Shortlist[] novelty = new Shortlist[width];
        float[][] q = new float[width][];
        for (int b = 0; b < width; b++) {
            q[b] = data.get(queries[from + b]).vector();
            novelty[b] = new Shortlist(NOVELTY_SHORTLIST + margin, data);
            for (int p = 0; p < plans.size(); p++) {
                perPlan[b][p] = new Shortlist(shortlist, data);
            }
        }
        for (int j = 0; j < n; j++) {
            float[] row = codes == null ? data.get(j).vector() : null;
            for (int b = 0; b < width; b++) {
                int query = queries[from + b];
                if (j == query) {
                    continue;
                }
                float similarity = codes == null ? VectorUtil.dotProduct(q[b], row) : codes.similarity(query, j);
                novelty[b].offer(similarity, j);
                for (int p = 0; p < plans.size(); p++) {
                    int[] foldOf = plans.get(p).foldOf();
                    if (foldOf[j] != foldOf[query]) {
                        perPlan[b][p].offer(similarity, j);
                    }
                }
            }
        }
        for (int b = 0; b < width; b++) {
            for (int p = 0; p < plans.size(); p++) {
                List<Match> neighbours = perPlan[b][p].rescored(q[b], k);
                for (int t = 0; t < rules.size(); t++) {
                    votes[p][t][from + b] = rules.get(t).pFake(neighbours);
                }
            }
            List<Match> closest = novelty[b].rescored(q[b], 1);
            nearest[from + b] = closest.isEmpty() ? -1 : closest.getFirst().similarity();
        }
    }

    /** The best {@code capacity} candidates by SIMD similarity (ties: smaller id), as a min-heap worst first. */
    private static final class Shortlist {
        private final float[] similarity;
        private final int[] index;
        private final List<LabeledVector> data;
        private int size;

        Shortlist(int capacity, List<LabeledVector> data) {
            this.similarity = new float[capacity];
            this.index = new int[capacity];
            this.data = data;
        }

        void offer(float s, int j) {
            if (size < similarity.length) {
                similarity[size] = s;
                index[size] = j;
                up(size++);
            } else if (worse(0, s, j)) {
                similarity[0] = s;
                index[0] = j;
                down(0);
            }
        }

        /** Whether slot a is worse than candidate (s, j): less similar, or as similar with a larger id. */
        private boolean worse(int a, float s, int j) {
            int c = Float.compare(similarity[a], s);
            return c != 0 ? c < 0 : data.get(index[a]).id().compareTo(data.get(j).id()) > 0;
        }

        private void up(int i) {
            while (i > 0) {
                int parent = (i - 1) / 2;
                if (!worse(i, similarity[parent], index[parent])) {
                    break;
                }
                swap(i, parent);
                i = parent;
            }
        }

        private void down(int i) {
            while (true) {
                int l = 2 * i + 1;
                int r = l + 1;
                int worst = i;
                if (l < size && worse(l, similarity[worst], index[worst])) {
                    worst = l;
                }
                if (r < size && worse(r, similarity[worst], index[worst])) {
                    worst = r;
                }
                if (worst == i) {
                    return;
                }
                swap(i, worst);
                i = worst;
            }
        }

        private void swap(int a, int b) {
            float s = similarity[a];
            similarity[a] = similarity[b];
            similarity[b] = s;
            int x = index[a];
            index[a] = index[b];
            index[b] = x;
        }

        /** The candidates rescored with the reproducible dot product, sorted, the first {@code k}. */
        List<Match> rescored(float[] query, int k) {
            List<Match> out = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                LabeledVector e = data.get(index[i]);
                out.add(new Match(e.id(), InMemoryKnownImages.dot(query, e.vector()), e.label(), e.generator(),
                        e.family(), null, e.sha256()));
            }
            out.sort(null);
            return out.size() <= k ? out : List.copyOf(out.subList(0, k));
        }
    }
}
