package fakebank.bench.search;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.apache.lucene.util.VectorUtil;

/** Exact nearest-neighbour ordinals per query: read from an ivecs file, or computed by brute force. */
final class GroundTruth {
    private GroundTruth() {
    }

    static int[][] read(Path gt, int queries, int k) throws IOException {
        try (Vecs v = Vecs.open(gt)) {
            if (v.rows() != queries || v.dim() < Math.max(k, 10)) {
                throw new IllegalArgumentException(gt + ": need " + queries + " rows of at least "
                        + Math.max(k, 10) + " ordinals, found " + v.rows() + " x " + v.dim());
            }
            return v.allInts();
        }
    }

    /** Exact top max(k, 10) ordinals per query by dot product, streaming the base from disk once. */
    static int[][] bruteForce(Vecs base, float[][] qs, int k) throws IOException {
        int top = Math.max(k, 10);
        float[][] sims = new float[qs.length][top];
        int[][] ids = new int[qs.length][top];
        for (float[] row : sims) {
            Arrays.fill(row, Float.NEGATIVE_INFINITY);
        }
        int block = 4096;
        for (int start = 0; start < base.rows(); start += block) {
            float[][] docs = new float[Math.min(block, base.rows() - start)][];
            for (int i = 0; i < docs.length; i++) {
                docs[i] = base.floats(start + i);
            }
            int first = start;
            IntStream.range(0, qs.length).parallel().forEach(qi -> {
                for (int i = 0; i < docs.length; i++) {
                    insert(sims[qi], ids[qi], VectorUtil.dotProduct(qs[qi], docs[i]), first + i);
                }
            });
        }
        return ids;
    }

    /** recall@10: the share of each query's true top 10 found among its first 10 results. */
    static double recallAt10(int[][] found, int[][] truth) {
        long hits = 0;
        for (int i = 0; i < found.length; i++) {
            for (int j = 0; j < Math.min(10, found[i].length); j++) {
                for (int t = 0; t < 10; t++) {
                    if (truth[i][t] == found[i][j]) {
                        hits++;
                        break;
                    }
                }
            }
        }
        return (double) hits / (found.length * 10L);
    }

    /** Keeps {@code sims} sorted descending (ties by lower ordinal, which arrive first). */
    private static void insert(float[] sims, int[] ids, float s, int id) {
        int last = sims.length - 1;
        if (s <= sims[last]) {
            return;
        }
        int pos = last;
        while (pos > 0 && sims[pos - 1] < s) {
            sims[pos] = sims[pos - 1];
            ids[pos] = ids[pos - 1];
            pos--;
        }
        sims[pos] = s;
        ids[pos] = id;
    }
}
