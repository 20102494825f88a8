package fakebank.detect;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The two products the logistic regression spends its time in, on float rows with SIMD lanes, reproducibly: each
 * lane accumulates with fused multiply-adds (exactly rounded, the same whether the JIT has compiled the loop or
 * not), and the lanes are summed in a fixed order, so a retrain gives bit-identical weights on every run.
 * (Lucene's {@code VectorUtil} reduces lanes in an order that may change once compiled; fine for ranking, not for
 * training.) Needs {@code --add-modules jdk.incubator.vector}, which every JVM of this project runs with.
 */
final class DenseRows {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private DenseRows() {
    }

    /** w . row in float lanes, summed in double; {@code w} has at least {@code row.length} values. */
    static double dot(float[] w, float[] row) {
        int n = row.length;
        int step = SPECIES.length();
        int bound = SPECIES.loopBound(n);
        FloatVector acc0 = FloatVector.zero(SPECIES);
        FloatVector acc1 = FloatVector.zero(SPECIES);
        int j = 0;
        for (; j + step < bound; j += 2 * step) {
            acc0 = FloatVector.fromArray(SPECIES, w, j).fma(FloatVector.fromArray(SPECIES, row, j), acc0);
            acc1 = FloatVector.fromArray(SPECIES, w, j + step).fma(FloatVector.fromArray(SPECIES, row, j + step),
                    acc1);
        }
        for (; j < bound; j += step) {
            acc0 = FloatVector.fromArray(SPECIES, w, j).fma(FloatVector.fromArray(SPECIES, row, j), acc0);
        }
        float[] lanes = new float[step];
        acc0.add(acc1).intoArray(lanes, 0);
        double sum = 0;
        for (float lane : lanes) {
            sum += lane;
        }
        for (; j < n; j++) {
            sum += (double) w[j] * row[j];
        }
        return sum;
    }

    /** out[j] += a * row[j] for every j of the row (in double: the sums of many rows need the precision). */
    static void addScaled(double a, float[] row, double[] out) {
        for (int j = 0; j < row.length; j++) {
            out[j] += a * row[j];
        }
    }
}
