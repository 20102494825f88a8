package fakebank.detect;

import fakebank.bank.LabeledVector;
import fakebank.bank.Match;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import org.apache.lucene.util.VectorUtil;

/**
 * Exact (brute-force) nearest neighbours over a fixed list of unit vectors, for tests and cross-validation.
 * Similarity is the dot product (cosine for unit vectors), bit-reproducible; results are sorted by similarity, then id, exactly like
 * the bank's. Immutable and thread-safe; the vectors are not copied, so callers must not change them.
 */
public final class InMemoryKnownImages implements KnownImages {
    private final List<LabeledVector> entries;
    private final long version;

    public InMemoryKnownImages(List<LabeledVector> entries, long version) {
        this.entries = List.copyOf(entries);
        this.version = version;
        int dimension = this.entries.isEmpty() ? 0 : this.entries.getFirst().vector().length;
        for (LabeledVector e : this.entries) {
            if (e.vector().length != dimension) {
                throw new IllegalArgumentException("all vectors must have the same dimension " + dimension
                        + ", entry " + e.id() + " has " + e.vector().length);
            }
        }
    }

    public InMemoryKnownImages(List<LabeledVector> entries) {
        this(entries, 0);
    }

    @Override
    public List<Match> nearest(float[] query, int k) {
        if (k <= 0 || entries.isEmpty()) {
            return List.of();
        }
        if (query.length != entries.getFirst().vector().length) {
            throw new IllegalArgumentException("query has dimension " + query.length + ", known images have "
                    + entries.getFirst().vector().length);
        }
        // Shortlist with the fast SIMD dot product, keeping a margin beyond k, then rescore the shortlist exactly:
        // SIMD sums may differ in the last bits between runs, which must not change results (see dot()).
        int shortlist = Math.min(entries.size(), k + Math.max(8, k));
        PriorityQueue<Scored> best = new PriorityQueue<>(shortlist + 1);
        for (int i = 0; i < entries.size(); i++) {
            LabeledVector e = entries.get(i);
            Scored candidate = new Scored(i, e.id(), VectorUtil.dotProduct(query, e.vector()));
            if (best.size() < shortlist) {
                best.add(candidate);
            } else if (candidate.compareTo(best.peek()) > 0) {
                best.poll();
                best.add(candidate);
            }
        }
        List<Match> rescored = new ArrayList<>(best.size());
        for (Scored candidate : best) {
            LabeledVector e = entries.get(candidate.index());
            rescored.add(new Match(e.id(), dot(query, e.vector()), e.label(), e.generator(), e.family(), null,
                    e.sha256()));
        }
        rescored.sort(null);
        return List.copyOf(rescored.subList(0, Math.min(k, rescored.size())));
    }

    /** A shortlist candidate, ordered worst first: less similar, then (on ties) the larger id. */
    private record Scored(int index, String id, float similarity) implements Comparable<Scored> {
        @Override
        public int compareTo(Scored o) {
            int c = Float.compare(similarity, o.similarity);
            return c != 0 ? c : o.id.compareTo(id);
        }
    }

    @Override
    public void forEachLive(Consumer<LabeledVector> sink) {
        entries.forEach(sink);
    }

    @Override
    public long version() {
        return version;
    }

    /**
     * The exact, reproducible dot product: plain Java, since SIMD reductions may sum in a different order once
     * JIT-compiled, and training must give bit-identical models on repeated runs.
     */
    static float dot(float[] a, float[] b) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < a.length; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < a.length; i++) {
            s0 += a[i] * b[i];
        }
        return (float) ((s0 + s1) + (s2 + s3));
    }

    public int size() {
        return entries.size();
    }
}
