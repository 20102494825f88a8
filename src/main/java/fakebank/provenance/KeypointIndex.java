package fakebank.provenance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Every banked image's keypoint descriptors in memory, hashed into {@link #TABLES} locality-sensitive tables
 * (signs of {@link #BITS} random projections of the descriptor, centred and whitened on its first
 * {@link #COMPONENTS} principal components), so that candidates for verification can come from shared keypoints
 * rather than from the embedding ranking. A strong crop (60% of each side) or a
 * screenshot moves the embedding far from its original, but still shows dozens of the original's keypoints.
 *
 * <p>Each query keypoint votes once, for the entry holding the closest descriptor among those it collides with,
 * if that one is within {@link #MAX_DISTANCE}: voting for every colliding entry let images with generic texture
 * collect votes from everything. Entries are ranked by votes. This is the inverted-file idea of Sivic and
 * Zisserman's "Video Google" with hashing in place of a trained vocabulary, so nothing is learned from the data.
 *
 * <p>Why whitened: SURF descriptors vary mostly along a few directions, so plain random projections give
 * correlated bits and crowded buckets (81,000 postings scanned per query on 525 entries, against 25,000 whitened
 * with a slightly better ranking). The scan still grows with the bank, more slowly with crowded buckets skipped
 * ({@link #STOP_FACTOR}), so at most {@link #MAX_ENTRIES} entries are indexed (each costs its 256 stored
 * descriptors, 16 KB, and 1,024 postings, 4 KB). Thread-safe.
 *
 * <p>Before the first {@link #MIN_FOR_PCA} entries the projections are plain random ones around zero.
 * The index is rebuilt (mean, principal components, postings) when it has doubled or a quarter was removed.
 */
public final class KeypointIndex {
    static final int TABLES = 4;
    static final int BITS = 18;
    /** Principal components the projections are drawn in; the rest is mostly noise between copies. */
    static final int COMPONENTS = 16;
    static final int MIN_FOR_PCA = 64;
    /** Squared distance (quantised descriptor units) within which two keypoints count as the same. */
    static final int MAX_DISTANCE = 4000;
    /**
     * Buckets holding more than this many times the average number of postings (and more than {@link
     * #STOP_FLOOR}) are not scanned: they hold generic texture every image has (flat patches, straight edges), the
     * stop words of "Video Google". They are most of a query's scan as the bank grows: in 4,000 entries a vote
     * took 54-70 ms at p50 with them and 20-26 ms without ({@code bench keypoints --fill}).
     */
    static final int STOP_FACTOR = 64;
    /**
     * Crowded buckets are scanned up to this size whatever the average: in a small bank even a zoom-in's fine
     * keypoints fall in buckets of a few dozen (with 32, 45% zoom-ins ranked their original first 329 times of
     * 525, against 369 scanning everything; with 128, 364).
     */
    static final int STOP_FLOOR = 128;
    /** Entries indexed at most (about 20 KB each); later ones are found through the embedding ranking only. */
    static final int MAX_ENTRIES = 10_000;
    private static final int KP_BITS = 8;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KeypointIndex.class);

    /** An indexed entry, by the sha256 of its bytes, and how many query keypoints voted for it. */
    public record Vote(String sha256, int votes) {
    }

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final float[][][] planes = new float[TABLES][BITS][Signature.DESC];
    private final float[] centre = new float[Signature.DESC];
    private final List<String> shas = new ArrayList<>();
    /** Descriptors per slot (count x 64), null once removed. */
    private final List<byte[]> descriptors = new ArrayList<>();
    private final Map<String, Integer> slotOf = new HashMap<>();
    private int[][][] buckets = new int[TABLES][1 << BITS][];
    private int[][] fill = new int[TABLES][1 << BITS];
    private int live;
    private int dead;
    /** Postings in the tables, removed entries' included until the next rebuild. */
    private long posted;
    private int liveAtBuild;
    private boolean warnedFull;

    public KeypointIndex() {
        Random r = new Random(0x5eedL);
        for (float[][] table : planes) {
            for (float[] plane : table) {
                for (int j = 0; j < plane.length; j++) {
                    plane[j] = (float) r.nextGaussian();
                }
            }
        }
    }

    /**
     * Projections drawn at random in the whitened space of the descriptors' first {@link #COMPONENTS} principal
     * components (each bit then splits the bank's keypoints about evenly), expressed as planes on the raw centred
     * descriptor.
     */
    private void whiten(long count) {
        double[][] cov = new double[Signature.DESC][Signature.DESC];
        for (byte[] d : descriptors) {
            if (d == null) {
                continue;
            }
            for (int o = 0; o < d.length; o += Signature.DESC) {
                for (int a = 0; a < Signature.DESC; a++) {
                    double xa = d[o + a] - centre[a];
                    for (int b = a; b < Signature.DESC; b++) {
                        cov[a][b] += xa * (d[o + b] - centre[b]);
                    }
                }
            }
        }
        DMatrixRMaj m = new DMatrixRMaj(Signature.DESC, Signature.DESC);
        for (int a = 0; a < Signature.DESC; a++) {
            for (int b = a; b < Signature.DESC; b++) {
                m.set(a, b, cov[a][b] / count);
                m.set(b, a, cov[a][b] / count);
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(Signature.DESC, true, true);
        if (!eig.decompose(m)) {
            return;
        }
        Integer[] order = new Integer[Signature.DESC];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(eig.getEigenvalue(y).real, eig.getEigenvalue(x).real));
        Random r = new Random(0x5eedL);
        for (float[][] table : planes) {
            for (float[] plane : table) {
                Arrays.fill(plane, 0f);
                for (int k = 0; k < COMPONENTS; k++) {
                    double g = r.nextGaussian() / Math.sqrt(Math.max(1e-9, eig.getEigenvalue(order[k]).real));
                    DMatrixRMaj v = eig.getEigenVector(order[k]);
                    for (int j = 0; j < Signature.DESC; j++) {
                        plane[j] += (float) (g * v.get(j));
                    }
                }
            }
        }
    }

    public int size() {
        lock.readLock().lock();
        try {
            return live;
        } finally {
            lock.readLock().unlock();
        }
    }

    boolean contains(String sha256) {
        lock.readLock().lock();
        try {
            return slotOf.containsKey(sha256);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Indexes an entry's keypoints (stored largest first; at most 256 are kept, older entries have 128). */
    public void add(String sha256, Signature s) {
        lock.writeLock().lock();
        try {
            if (slotOf.containsKey(sha256) || s.size() == 0) {
                return;
            }
            if (live >= MAX_ENTRIES) {
                if (!warnedFull) {
                    LOG.warn("keypoint index holds {} entries, its limit: copies of images banked later are found"
                            + " through the embedding ranking only", live);
                    warnedFull = true;
                }
                return;
            }
            int n = Math.min(s.size(), 1 << KP_BITS);
            int slot = shas.size();
            shas.add(sha256);
            descriptors.add(Arrays.copyOf(s.descriptors(), n * Signature.DESC));
            slotOf.put(sha256, slot);
            live++;
            if (live >= MIN_FOR_PCA && live > 2 * liveAtBuild) {
                rebuild();
            } else {
                post(slot);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    void remove(String sha256) {
        lock.writeLock().lock();
        try {
            Integer slot = slotOf.remove(sha256);
            if (slot == null) {
                return;
            }
            descriptors.set(slot, null);
            live--;
            dead++;
            if (dead > 64 && dead > live / 4) {
                rebuild();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * The {@code n} indexed entries most query keypoints point to, with at least {@code minVotes} votes, leaving out
     * {@code skip} (sha256s already verified), most votes first.
     */
    public List<Vote> vote(Signature query, int n, int minVotes, Set<String> skip) {
        lock.readLock().lock();
        try {
            if (live == 0) {
                return List.of();
            }
            int[] votes = new int[shas.size()];
            long stop = Math.max(STOP_FLOOR, STOP_FACTOR * posted / (TABLES * (1L << BITS)));
            byte[] q = query.descriptors();
            for (int p = 0; p < query.size(); p++) {
                int best = -1;
                int bestDistance = MAX_DISTANCE + 1;
                for (int t = 0; t < TABLES; t++) {
                    int code = code(t, q, p);
                    if (fill[t][code] > stop) {
                        continue;
                    }
                    int[] postings = buckets[t][code];
                    for (int i = 0; i < fill[t][code]; i++) {
                        int slot = postings[i] >>> KP_BITS;
                        byte[] d = descriptors.get(slot);
                        if (d == null) {
                            continue;
                        }
                        int dist = squareDistance(q, p, d, postings[i] & ((1 << KP_BITS) - 1), bestDistance);
                        if (dist < bestDistance) {
                            bestDistance = dist;
                            best = slot;
                        }
                    }
                }
                if (best >= 0) {
                    votes[best]++;
                }
            }
            List<Vote> out = new ArrayList<>();
            for (int slot = 0; slot < votes.length; slot++) {
                if (votes[slot] >= minVotes && !skip.contains(shas.get(slot))) {
                    out.add(new Vote(shas.get(slot), votes[slot]));
                }
            }
            out.sort((a, b) -> Integer.compare(b.votes(), a.votes()));
            return out.size() > n ? List.copyOf(out.subList(0, n)) : out;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Re-centres and re-whitens the hash on the live descriptors; re-posts the live entries, dropping removed ones. */
    private void rebuild() {
        double[] mean = new double[Signature.DESC];
        long count = 0;
        for (byte[] d : descriptors) {
            if (d == null) {
                continue;
            }
            for (int i = 0; i < d.length; i++) {
                mean[i % Signature.DESC] += d[i];
            }
            count += d.length / Signature.DESC;
        }
        for (int j = 0; j < Signature.DESC; j++) {
            centre[j] = count == 0 ? 0 : (float) (mean[j] / count);
        }
        if (count > Signature.DESC) {
            whiten(count);
        }
        List<String> oldShas = new ArrayList<>(shas);
        List<byte[]> oldDescriptors = new ArrayList<>(descriptors);
        shas.clear();
        descriptors.clear();
        slotOf.clear();
        buckets = new int[TABLES][1 << BITS][];
        fill = new int[TABLES][1 << BITS];
        posted = 0;
        for (int i = 0; i < oldShas.size(); i++) {
            if (oldDescriptors.get(i) != null) {
                int slot = shas.size();
                shas.add(oldShas.get(i));
                descriptors.add(oldDescriptors.get(i));
                slotOf.put(oldShas.get(i), slot);
                post(slot);
            }
        }
        dead = 0;
        liveAtBuild = live;
    }

    private void post(int slot) {
        byte[] d = descriptors.get(slot);
        for (int p = 0; p < d.length / Signature.DESC; p++) {
            for (int t = 0; t < TABLES; t++) {
                int code = code(t, d, p);
                int[] postings = buckets[t][code];
                int f = fill[t][code];
                if (postings == null) {
                    postings = new int[2];
                } else if (f == postings.length) {
                    postings = Arrays.copyOf(postings, f * 2);
                }
                postings[f] = slot << KP_BITS | p;
                buckets[t][code] = postings;
                fill[t][code] = f + 1;
                posted++;
            }
        }
    }

    private int code(int table, byte[] d, int p) {
        int c = 0;
        int o = p * Signature.DESC;
        for (int b = 0; b < BITS; b++) {
            float[] plane = planes[table][b];
            float s = 0;
            for (int j = 0; j < Signature.DESC; j++) {
                s += plane[j] * (d[o + j] - centre[j]);
            }
            if (s > 0) {
                c |= 1 << b;
            }
        }
        return c;
    }

    /** Squared distance of keypoint p of a and keypoint k of b, or anything >= bound once it reaches bound. */
    private static int squareDistance(byte[] a, int p, byte[] b, int k, int bound) {
        int s = 0;
        int oa = p * Signature.DESC;
        int ob = k * Signature.DESC;
        for (int j = 0; j < Signature.DESC; j += 16) {
            for (int i = j; i < j + 16; i++) {
                int x = a[oa + i] - b[ob + i];
                s += x * x;
            }
            if (s >= bound) {
                return s;
            }
        }
        return s;
    }
}
