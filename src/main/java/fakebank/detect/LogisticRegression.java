package fakebank.detect;

/**
 * Class-balanced, L2-regularised logistic regression on dense float rows, with an unregularised bias: liblinear's
 * {@code L2R_LR} objective {@code min_w w'w/2 + sum_i C_i log(1 + exp(-y_i w'x_i))} solved the way liblinear 2.4x
 * does (Newton steps from preconditioned conjugate gradients, backtracking line search, stopping once the gradient
 * norm falls below {@code 0.01 * max(min(pos, neg), 1) / n} of its norm at w = 0). Rows are the caller's arrays,
 * never copied: a 100k x 1280 bank costs its 512 MB of floats once, where liblinear's per-value node objects cost
 * about ten times that. The result is a weight vector with the bias as its last element; a positive score means
 * fake. Single-threaded and deterministic (fixed summation order, see {@link DenseRows}).
 */
final class LogisticRegression {
    private static final double STOPPING_TOLERANCE = 0.01;
    private static final int MAX_NEWTON_ITERATIONS = 1000;
    private static final double CG_TOLERANCE = 0.5;
    private static final double PRECONDITIONER_MIX = 0.01;
    private static final double LINE_SEARCH_ETA = 0.01;
    private static final int MAX_LINE_SEARCH = 20;

    private final float[][] x;
    private final double[] y;
    private final double[] cost;
    private final int d;
    /** w'x_i of the current iterate (kept up to date by the line search, as liblinear does). */
    private final double[] wx;
    /** sigma(y_i w'x_i) (1 - sigma(y_i w'x_i)): the Hessian's diagonal weights, set by {@link #gradient}. */
    private final double[] curvature;
    private double wTw;

    private LogisticRegression(float[][] x, boolean[] isFake, double c) {
        this.x = x;
        this.d = x[0].length;
        this.y = new double[x.length];
        this.cost = new double[x.length];
        int fakes = 0;
        for (boolean f : isFake) {
            fakes += f ? 1 : 0;
        }
        int reals = x.length - fakes;
        // Each class weighs n / (2 n_class), so an unbalanced bank does not tilt the decision.
        double fakeCost = c * x.length / (2.0 * fakes);
        double realCost = c * x.length / (2.0 * reals);
        for (int i = 0; i < x.length; i++) {
            y[i] = isFake[i] ? 1 : -1;
            cost[i] = isFake[i] ? fakeCost : realCost;
        }
        this.wx = new double[x.length];
        this.curvature = new double[x.length];
    }

    /**
     * Fits weights (last element: bias) on {@code rows} (all of one dimension) labelled by {@code isFake}; both
     * classes must be present. {@code warmStart} (same layout as the result, may be null) only speeds up the solver.
     */
    static double[] fit(float[][] rows, boolean[] isFake, double c, double[] warmStart) {
        if (rows.length != isFake.length) {
            throw new IllegalArgumentException(rows.length + " rows but " + isFake.length + " labels");
        }
        int fakes = 0;
        for (boolean f : isFake) {
            fakes += f ? 1 : 0;
        }
        int reals = rows.length - fakes;
        if (fakes == 0 || reals == 0) {
            throw new IllegalArgumentException("logistic regression needs both classes, got " + fakes + " fake and "
                    + reals + " real rows");
        }
        if (!(c > 0)) {
            throw new IllegalArgumentException("c must be > 0, got " + c);
        }
        LogisticRegression problem = new LogisticRegression(rows, isFake, c);
        double[] w = new double[problem.d + 1];
        if (warmStart != null) {
            if (warmStart.length != w.length) {
                throw new IllegalArgumentException("warm start has " + warmStart.length + " values, expected "
                        + w.length);
            }
            System.arraycopy(warmStart, 0, w, 0, w.length);
        }
        problem.newton(w, STOPPING_TOLERANCE * Math.max(Math.min(fakes, reals), 1) / rows.length);
        return w;
    }

    private void newton(double[] w, double eps) {
        int n = d + 1;
        double[] g = new double[n];
        double[] s = new double[n];
        double[] preconditioner = new double[n];

        objective(new double[n]);
        gradient(new double[n], g);
        double gnorm0 = norm(g);

        double f = objective(w);
        gradient(w, g);
        if (norm(g) <= eps * gnorm0) {
            return;
        }
        for (int iter = 1; iter <= MAX_NEWTON_ITERATIONS; iter++) {
            diagonalPreconditioner(preconditioner);
            conjugateGradient(g, preconditioner, s);
            double fOld = f;
            double[] fNew = {f};
            double step = lineSearchAndUpdate(w, s, fNew, g);
            f = fNew[0];
            if (step == 0) {
                break; // the line search failed: w is as good as this solver gets it
            }
            gradient(w, g);
            if (norm(g) <= eps * gnorm0 || Math.abs(fOld - f) <= 1.0e-12 * Math.abs(f)) {
                break;
            }
        }
    }

    /** The objective at w; also sets {@link #wx} and {@link #wTw} for w. */
    private double objective(double[] w) {
        wTw = 0;
        for (int j = 0; j < d; j++) {
            wTw += w[j] * w[j];
        }
        double f = 0;
        float[] wf = floats(w);
        for (int i = 0; i < x.length; i++) {
            wx[i] = DenseRows.dot(wf, x[i]) + w[d];
            f += costTimesLoss(i, wx[i]);
        }
        return f + 0.5 * wTw;
    }

    private double costTimesLoss(int i, double wxi) {
        double ywx = y[i] * wxi;
        return ywx >= 0 ? cost[i] * Math.log1p(Math.exp(-ywx)) : cost[i] * (-ywx + Math.log1p(Math.exp(ywx)));
    }

    /** The gradient at w, whose {@link #wx} must be current; sets {@link #curvature}. */
    private void gradient(double[] w, double[] g) {
        java.util.Arrays.fill(g, 0);
        for (int i = 0; i < x.length; i++) {
            double sigma = 1 / (1 + Math.exp(-y[i] * wx[i]));
            curvature[i] = sigma * (1 - sigma);
            addScaled(cost[i] * (sigma - 1) * y[i], x[i], g);
        }
        for (int j = 0; j < d; j++) {
            g[j] += w[j]; // the bias (index d) is not regularised
        }
    }

    /** Hessian-vector product, one pass over the rows. */
    private void hessianTimes(double[] v, double[] out) {
        java.util.Arrays.fill(out, 0);
        float[] vf = floats(v);
        for (int i = 0; i < x.length; i++) {
            addScaled(cost[i] * curvature[i] * (DenseRows.dot(vf, x[i]) + v[d]), x[i], out);
        }
        for (int j = 0; j < d; j++) {
            out[j] += v[j];
        }
    }

    private void diagonalPreconditioner(double[] m) {
        java.util.Arrays.fill(m, 0, d, 1);
        m[d] = 0;
        for (int i = 0; i < x.length; i++) {
            double a = cost[i] * curvature[i];
            float[] row = x[i];
            for (int j = 0; j < d; j++) {
                m[j] += a * row[j] * row[j];
            }
            m[d] += a;
        }
        for (int j = 0; j < m.length; j++) {
            m[j] = (1 - PRECONDITIONER_MIX) + PRECONDITIONER_MIX * m[j];
        }
    }

    /** Preconditioned CG on H s = -g, stopped by the quadratic model's decrease (liblinear's rule). */
    private void conjugateGradient(double[] g, double[] m, double[] s) {
        int n = g.length;
        double[] r = new double[n];
        double[] z = new double[n];
        double[] dir = new double[n];
        double[] hd = new double[n];
        for (int j = 0; j < n; j++) {
            s[j] = 0;
            r[j] = -g[j];
            z[j] = r[j] / m[j];
            dir[j] = z[j];
        }
        double zTr = dotD(z, r);
        double cgTol = Math.min(CG_TOLERANCE, Math.sqrt(Math.sqrt(zTr)));
        double q = 0;
        int maxIterations = Math.max(n, 5);
        for (int iter = 1; iter <= maxIterations; iter++) {
            hessianTimes(dir, hd);
            double dHd = dotD(dir, hd);
            if (dHd <= 1.0e-16) {
                break;
            }
            double alpha = zTr / dHd;
            for (int j = 0; j < n; j++) {
                s[j] += alpha * dir[j];
                r[j] -= alpha * hd[j];
            }
            double newQ = -0.5 * (dotD(s, r) - dotD(s, g));
            double qDiff = newQ - q;
            if (newQ > 0 || qDiff > 0 || iter * qDiff >= cgTol * newQ) {
                break;
            }
            q = newQ;
            for (int j = 0; j < n; j++) {
                z[j] = r[j] / m[j];
            }
            double znewTrnew = dotD(z, r);
            double beta = znewTrnew / zTr;
            for (int j = 0; j < n; j++) {
                dir[j] = z[j] + beta * dir[j];
            }
            zTr = znewTrnew;
        }
    }

    /** Backtracking from step 1 until the Armijo condition holds; moves w and {@link #wx}. Returns the step. */
    private double lineSearchAndUpdate(double[] w, double[] s, double[] f, double[] g) {
        double[] xs = new double[x.length];
        float[] sf = floats(s);
        for (int i = 0; i < x.length; i++) {
            xs[i] = DenseRows.dot(sf, x[i]) + s[d];
        }
        double sTs = 0;
        double wTs = 0;
        double gTs = 0;
        for (int j = 0; j < d; j++) {
            sTs += s[j] * s[j];
            wTs += s[j] * w[j];
        }
        for (int j = 0; j <= d; j++) {
            gTs += s[j] * g[j];
        }
        double fOld = f[0];
        double alpha = 1;
        for (int attempt = 0; attempt < MAX_LINE_SEARCH; attempt++) {
            double loss = 0;
            for (int i = 0; i < x.length; i++) {
                loss += costTimesLoss(i, wx[i] + alpha * xs[i]);
            }
            double fNew = loss + (alpha * alpha * sTs + wTw) / 2 + alpha * wTs;
            if (fNew - fOld <= LINE_SEARCH_ETA * alpha * gTs) {
                for (int i = 0; i < x.length; i++) {
                    wx[i] += alpha * xs[i];
                }
                for (int j = 0; j <= d; j++) {
                    w[j] += alpha * s[j];
                }
                wTw += alpha * alpha * sTs + 2 * alpha * wTs;
                f[0] = fNew;
                return alpha;
            }
            alpha *= 0.5;
        }
        return 0;
    }

    /** w'x + bias, with x one row (w has the bias at index x.length), all in double: for predictions and tests. */
    static double dot(double[] w, float[] row) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int n = row.length;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            s0 += w[j] * row[j];
            s1 += w[j + 1] * row[j + 1];
            s2 += w[j + 2] * row[j + 2];
            s3 += w[j + 3] * row[j + 3];
        }
        for (; j < n; j++) {
            s0 += w[j] * row[j];
        }
        return (s0 + s1) + (s2 + s3) + w[n];
    }

    /** out += a * [row, 1]. */
    private static void addScaled(double a, float[] row, double[] out) {
        DenseRows.addScaled(a, row, out);
        out[row.length] += a;
    }

    /** The first d values (the bias excluded) as floats: the rows are floats, so the products lose nothing more. */
    private float[] floats(double[] v) {
        float[] out = new float[d];
        for (int j = 0; j < d; j++) {
            out[j] = (float) v[j];
        }
        return out;
    }

    private static double dotD(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }

    private static double norm(double[] v) {
        return Math.sqrt(dotD(v, v));
    }
}
