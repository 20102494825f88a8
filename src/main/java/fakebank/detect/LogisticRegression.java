package fakebank.detect;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import java.util.Random;

/**
 * Class-balanced, L2-regularised logistic regression through liblinear's {@code L2R_LR} solver, with an
 * unregularised bias. Rows are dense liblinear feature arrays built by {@link #row}; the result is a weight vector
 * oriented so that a positive score means fake, with the bias as its last element.
 */
final class LogisticRegression {
    static final double FAKE = 1;
    static final double REAL = -1;
    private static final double STOPPING_TOLERANCE = 0.01;

    static {
        Linear.disableDebugOutput();
    }

    private LogisticRegression() {
    }

    /** A dense liblinear row with the constant bias feature appended at index {@code values.length + 1}. */
    static Feature[] row(float[] values) {
        Feature[] row = new Feature[values.length + 1];
        for (int i = 0; i < values.length; i++) {
            row[i] = new FeatureNode(i + 1, values[i]);
        }
        row[values.length] = new FeatureNode(values.length + 1, 1.0);
        return row;
    }

    static Feature[] row(double[] values) {
        Feature[] row = new Feature[values.length + 1];
        for (int i = 0; i < values.length; i++) {
            row[i] = new FeatureNode(i + 1, values[i]);
        }
        row[values.length] = new FeatureNode(values.length + 1, 1.0);
        return row;
    }

    /**
     * Fits weights (last element: bias) on rows labelled {@link #FAKE}/{@link #REAL}; both classes must be present.
     * Each class gets weight {@code n / (2 n_class)} so an unbalanced bank does not tilt the decision.
     * {@code warmStart} (same layout as the result, may be null) only speeds up the solver.
     */
    static double[] fit(Feature[][] rows, double[] labels, int dimension, double c, double[] warmStart) {
        int fakes = 0;
        for (double y : labels) {
            fakes += y == FAKE ? 1 : 0;
        }
        int reals = labels.length - fakes;
        if (fakes == 0 || reals == 0) {
            throw new IllegalArgumentException("logistic regression needs both classes, got " + fakes + " fake and "
                    + reals + " real rows");
        }
        Problem problem = new Problem();
        problem.l = rows.length;
        problem.n = dimension + 1;
        problem.x = rows;
        problem.y = labels;
        problem.bias = 1;

        Parameter parameter = new Parameter(SolverType.L2R_LR, c, STOPPING_TOLERANCE);
        parameter.setWeights(new double[] {labels.length / (2.0 * fakes), labels.length / (2.0 * reals)},
                new int[] {(int) FAKE, (int) REAL});
        // The bias only shifts the operating point, which the stacker and threshold recalibrate anyway.
        parameter.setRegularizeBias(false);
        parameter.setRandom(new Random(0));
        if (warmStart != null) {
            parameter.setInitSol(warmStart.clone());
        }
        Model model = Linear.train(problem, parameter);
        double[] w = model.getFeatureWeights().clone();
        // liblinear puts the first label it meets first; orient so that positive means fake either way.
        if (model.getLabels()[0] != (int) FAKE) {
            for (int i = 0; i < w.length; i++) {
                w[i] = -w[i];
            }
        }
        return w;
    }
}
