package fakebank.api;

import fakebank.bank.LabeledVector;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A 2-D picture of the bank: the first two principal components of the live embeddings (PCA by power iteration
 * with deflation, no dense covariance matrix), and every entry placed on them. The projection is computed once per
 * bank version and cached; {@link Projection#project(float[])} places a new query in the same picture. Results are
 * deterministic for a given bank (fixed start vectors, sign fixed so the largest coordinate of each axis is
 * positive). Thread-safe.
 */
public final class EmbeddingMap {
    /**
     * The map shows at most this many entries (the server passes a uniform sample of the bank), which bounds both
     * the response and the PCA's cost however large the bank grows.
     */
    public static final int MAX_POINTS = 5_000;
    /** Fit the axes on at most this many entries (evenly spaced); every entry given is still placed. */
    static final int MAX_FIT = MAX_POINTS;
    private static final int MAX_ITERATIONS = 150;
    private static final double TOLERANCE = 1e-9;

    /** One bank entry on the map. */
    public record Point(String id, double x, double y, String label, String family, String generator) {
    }

    /**
     * The axes and the placed entries for one bank version. {@code explained} is the share of the total variance
     * each axis carries (0 when the bank has fewer than two entries).
     */
    public record Projection(long version, float[] mean, double[] axisX, double[] axisY, double[] explained,
            List<Point> points) {
        /** Coordinates of a vector on this map: {@code [x, y]}. */
        public double[] project(float[] v) {
            if (mean.length == 0 || v.length != mean.length) {
                return new double[] {0, 0};
            }
            double x = 0;
            double y = 0;
            for (int i = 0; i < v.length; i++) {
                double c = v[i] - mean[i];
                x += c * axisX[i];
                y += c * axisY[i];
            }
            return new double[] {x, y};
        }
    }

    private final LongSupplier version;
    private final Supplier<List<LabeledVector>> vectors;
    private volatile Projection cached;

    /** {@code version} must change whenever {@code vectors} would return something else (the bank version). */
    public EmbeddingMap(LongSupplier version, Supplier<List<LabeledVector>> vectors) {
        this.version = version;
        this.vectors = vectors;
    }

    /** The projection of the current bank, recomputed only when the bank version moved. */
    public Projection current() {
        long v = version.getAsLong();
        Projection p = cached;
        if (p != null && p.version() == v) {
            return p;
        }
        synchronized (this) {
            p = cached;
            if (p == null || p.version() != v) {
                // read the version before the data: a change in between only makes the next call recompute
                p = compute(v, vectors.get());
                cached = p;
            }
            return p;
        }
    }

    /** PCA of {@code data} to two dimensions. */
    public static Projection compute(long version, List<LabeledVector> data) {
        if (data.isEmpty()) {
            return new Projection(version, new float[0], new double[0], new double[0], new double[] {0, 0}, List.of());
        }
        int d = data.getFirst().vector().length;
        List<float[]> fit = new ArrayList<>();
        int step = Math.max(1, (data.size() + MAX_FIT - 1) / MAX_FIT);
        for (int i = 0; i < data.size(); i += step) {
            fit.add(data.get(i).vector());
        }
        float[] mean = new float[d];
        double[] sum = new double[d];
        for (float[] x : fit) {
            for (int j = 0; j < d; j++) {
                sum[j] += x[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] = (float) (sum[j] / fit.size());
        }
        double total = 0;
        for (float[] x : fit) {
            for (int j = 0; j < d; j++) {
                double c = x[j] - mean[j];
                total += c * c;
            }
        }
        total /= fit.size();
        double[] axisX = new double[d];
        double[] axisY = new double[d];
        double[] explained = {0, 0};
        if (fit.size() >= 2 && total > 0) {
            double lx = powerIteration(fit, mean, axisX, null, 11);
            double ly = powerIteration(fit, mean, axisY, axisX, 23);
            explained = new double[] {lx / total, ly / total};
        }
        Projection axes = new Projection(version, mean, axisX, axisY, explained, List.of());
        List<Point> points = new ArrayList<>(data.size());
        for (LabeledVector v : data) {
            double[] xy = axes.project(v.vector());
            points.add(new Point(v.id(), xy[0], xy[1], Views.json(v.label()), Views.json(v.family()), v.generator()));
        }
        return new Projection(version, mean, axisX, axisY, explained, List.copyOf(points));
    }

    /**
     * Top eigenvector of the covariance of {@code xs} (orthogonal to {@code orthogonalTo} when given) into
     * {@code out}; returns its eigenvalue (the variance along it). Covariance times v is computed as
     * {@code X^T (X v) / n} on centred rows, so memory stays O(d).
     */
    private static double powerIteration(List<float[]> xs, float[] mean, double[] out, double[] orthogonalTo,
            long seed) {
        int d = mean.length;
        SplittableRandom random = new SplittableRandom(seed);
        double[] v = new double[d];
        for (int j = 0; j < d; j++) {
            v[j] = random.nextDouble() - 0.5;
        }
        orthogonalise(v, orthogonalTo);
        normalise(v);
        double lambda = 0;
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            double[] next = new double[d];
            for (float[] x : xs) {
                double dot = 0;
                for (int j = 0; j < d; j++) {
                    dot += (x[j] - mean[j]) * v[j];
                }
                for (int j = 0; j < d; j++) {
                    next[j] += dot * (x[j] - mean[j]);
                }
            }
            for (int j = 0; j < d; j++) {
                next[j] /= xs.size();
            }
            orthogonalise(next, orthogonalTo);
            lambda = norm(next);
            if (lambda == 0) {
                break; // no variance left in this direction: keep the (orthogonal) start vector
            }
            double change = 0;
            for (int j = 0; j < d; j++) {
                next[j] /= lambda;
                double diff = next[j] - v[j];
                change += diff * diff;
            }
            v = next;
            if (change < TOLERANCE) {
                break;
            }
        }
        // a fixed sign, so the picture does not flip between versions for no reason
        int largest = 0;
        for (int j = 1; j < d; j++) {
            if (Math.abs(v[j]) > Math.abs(v[largest])) {
                largest = j;
            }
        }
        double sign = v[largest] < 0 ? -1 : 1;
        for (int j = 0; j < d; j++) {
            out[j] = sign * v[j];
        }
        return lambda;
    }

    private static void orthogonalise(double[] v, double[] against) {
        if (against == null) {
            return;
        }
        double dot = 0;
        for (int j = 0; j < v.length; j++) {
            dot += v[j] * against[j];
        }
        for (int j = 0; j < v.length; j++) {
            v[j] -= dot * against[j];
        }
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    private static void normalise(double[] v) {
        double n = norm(v);
        if (n > 0) {
            for (int j = 0; j < v.length; j++) {
                v[j] /= n;
            }
        }
    }
}
