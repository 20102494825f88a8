package fakebank.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import fakebank.bank.Label;
import fakebank.bank.LabeledVector;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The dense solver against liblinear's L2R_LR (the solver it replaced) on the same data: same objective, same answer. */
class LogisticRegressionTest {

    @Test
    void weightsAndPredictionsMatchLiblinearAcrossTheCGrid() {
        // Overlapping, unbalanced classes (3 reals to 1 fake), so class weights and regularisation both matter.
        List<LabeledVector> data = new SyntheticBank(48, 0.5, 3).entries(60, 3, 4, 15);
        float[][] rows = data.stream().map(LabeledVector::vector).toArray(float[][]::new);
        boolean[] isFake = new boolean[data.size()];
        for (int i = 0; i < isFake.length; i++) {
            isFake[i] = data.get(i).label() == Label.FAKE;
        }
        double[] previous = null;
        for (double c : List.of(0.01, 0.3, 10.0, 100.0)) {
            // both warm-started from the previous C, as the trainer runs them
            double[] oracle = liblinear(rows, isFake, c, previous);
            double[] dense = LogisticRegression.fit(rows, isFake, c, previous);
            previous = dense;
            double norm = 0;
            double diff = 0;
            for (int j = 0; j < oracle.length; j++) {
                norm += oracle[j] * oracle[j];
                diff += (oracle[j] - dense[j]) * (oracle[j] - dense[j]);
            }
            // Same Newton iterations from the same start; only the products differ (float lanes against liblinear's
            // doubles), which moves the weights by about 1e-9.
            assertTrue(Math.sqrt(diff) <= 1e-6 * Math.sqrt(norm), "C=" + c + ": |w - w_liblinear| = "
                    + Math.sqrt(diff) + " against |w| = " + Math.sqrt(norm));
            for (float[] row : rows) {
                double p = Probabilities.sigmoid(LogisticRegression.dot(dense, row));
                double q = Probabilities.sigmoid(LogisticRegression.dot(oracle, row));
                assertEquals(q, p, 1e-6, "C=" + c);
            }
        }
    }

    @Test
    void coldStartGivesLiblinearsWeightsToManyDigits() {
        List<LabeledVector> data = new SyntheticBank(16, 0.3, 9).entries(20, 2, 3, 10);
        float[][] rows = data.stream().map(LabeledVector::vector).toArray(float[][]::new);
        boolean[] isFake = new boolean[data.size()];
        for (int i = 0; i < isFake.length; i++) {
            isFake[i] = data.get(i).label() == Label.FAKE;
        }
        double[] oracle = liblinear(rows, isFake, 1, null);
        double[] dense = LogisticRegression.fit(rows, isFake, 1, null);
        // Same iterations from the same start: only the products' precision differs.
        for (int j = 0; j < oracle.length; j++) {
            assertEquals(oracle[j], dense[j], 1e-6 * Math.max(1, Math.abs(oracle[j])), "weight " + j);
        }
    }

    @Test
    void oneClassIsRejectedWithAClearMessage() {
        float[][] rows = {{1, 0}, {0, 1}};
        var e = assertThrows(IllegalArgumentException.class,
                () -> LogisticRegression.fit(rows, new boolean[] {true, true}, 1, null));
        assertTrue(e.getMessage().contains("both classes"), e.getMessage());
    }

    /** liblinear 2.44 as the trainer called it before: weighted classes, unregularised bias, fake oriented positive. */
    static double[] liblinear(float[][] rows, boolean[] isFake, double c, double[] warmStart) {
        Linear.disableDebugOutput();
        int d = rows[0].length;
        Feature[][] x = new Feature[rows.length][];
        double[] y = new double[rows.length];
        int fakes = 0;
        for (int i = 0; i < rows.length; i++) {
            x[i] = new Feature[d + 1];
            for (int j = 0; j < d; j++) {
                x[i][j] = new FeatureNode(j + 1, rows[i][j]);
            }
            x[i][d] = new FeatureNode(d + 1, 1.0);
            y[i] = isFake[i] ? 1 : -1;
            fakes += isFake[i] ? 1 : 0;
        }
        Problem problem = new Problem();
        problem.l = rows.length;
        problem.n = d + 1;
        problem.x = x;
        problem.y = y;
        problem.bias = 1;
        Parameter parameter = new Parameter(SolverType.L2R_LR, c, 0.01);
        parameter.setWeights(new double[] {rows.length / (2.0 * fakes), rows.length / (2.0 * (rows.length - fakes))},
                new int[] {1, -1});
        parameter.setRegularizeBias(false);
        parameter.setRandom(new Random(0));
        if (warmStart != null) {
            parameter.setInitSol(warmStart.clone());
        }
        Model model = Linear.train(problem, parameter);
        double[] w = model.getFeatureWeights().clone();
        if (model.getLabels()[0] != 1) {
            for (int j = 0; j < w.length; j++) {
                w[j] = -w[j];
            }
        }
        return w;
    }
}
