package fakebank.detect;

import fakebank.bank.LabeledVector;
import fakebank.bank.Match;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;

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
        // Keep the k best in a heap whose head is the worst kept match (reverse of the Match order).
        PriorityQueue<Match> best = new PriorityQueue<>(k + 1, (a, b) -> b.compareTo(a));
        for (LabeledVector e : entries) {
            Match m = new Match(e.id(), dot(query, e.vector()), e.label(), e.generator(),
                    e.family(), null, e.sha256());
            if (best.size() < k) {
                best.add(m);
            } else if (m.compareTo(best.peek()) < 0) {
                best.poll();
                best.add(m);
            }
        }
        List<Match> sorted = new ArrayList<>(best);
        sorted.sort(null);
        return List.copyOf(sorted);
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
     * Plain Java rather than a SIMD dot product: SIMD reductions may sum in a different order once JIT-compiled,
     * and training must give bit-identical models on repeated runs. Four double accumulators keep it fast.
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
