package fakebank.detect;

import fakebank.bank.Label;
import fakebank.bank.LabeledVector;
import fakebank.metrics.Metrics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Trains a {@link DetectorModel} from a bank's vectors.
 *
 * <ol>
 * <li>Two fold plans: grouped ({@link FoldPlan}, groups from {@link TrainSettings#grouping()}: the query's
 * generator is unseen) and random (its generator is known); both feed every choice below.</li>
 * <li>Out-of-fold raw scores: kNN votes per candidate temperature and probe scores per candidate C
 * ({@link OutOfFoldScores}); augmented copies join training folds only, following their source's fold.</li>
 * <li>C = lowest out-of-fold balanced log-loss; temperature = highest out-of-fold AUC of the vote.</li>
 * <li>Stacker fitted on the chosen out-of-fold scores; the two-sided operating point on the calibrated grouped
 * out-of-fold scores ({@link OperatingPoint#twoSided}): t_fake for the target FPR on reals of unseen subjects,
 * t_real for the target miss rate on fakes of unseen generators; unsure between, and on a side neither reaches.</li>
 * <li>Novelty: the bank's leave-one-out nearest-neighbour similarities, cut at the novelty quantile.</li>
 * <li>On a bank larger than {@link TrainingScale#exactUpTo()}, steps 2-5 use a stratified sample of query entries
 * and fold probes on capped training sides (see {@link TrainingScale}).</li>
 * <li>Final probe on all vectors and augmented copies with the chosen C.</li>
 * </ol>
 * The stacker is fitted and evaluated on the same out-of-fold scores; with two coefficients the optimism is small.
 * Degenerate banks get a model that says so (see {@link ModelStatus}) instead of an exception. Deterministic for
 * given inputs and seed (apart from {@code trainedAt}). Thread-safe.
 */
public final class Trainer {
    /** Band (in logits) of a kNN-only model: about [0.2, 0.8], since nothing calibrated the vote. */
    static final double UNCALIBRATED_BAND = Math.log(4);

    private Trainer() {
    }

    /** {@link #train(List, List, TrainSettings, long, Clock)} stamped with the system clock. */
    public static DetectorModel train(List<LabeledVector> data, List<LabeledVector> augmented, TrainSettings s,
            long bankVersion) {
        return train(data, augmented, s, bankVersion, Clock.systemUTC());
    }

    /**
     * @param data        the bank's live vectors (unit length, one dimension)
     * @param augmented   embeddings of augmented copies; {@code id} is the source entry's id, the label should be
     *                    the source's. Copies of unknown ids are ignored (and counted in the notes).
     * @param bankVersion recorded in the model to tell whether it is stale
     * @param clock       source of {@code trainedAt}
     */
    public static DetectorModel train(List<LabeledVector> data, List<LabeledVector> augmented, TrainSettings s,
            long bankVersion, Clock clock) {
        int dimension = checkedDimension(data, augmented);
        int fakes = (int) data.stream().filter(v -> v.label() == Label.FAKE).count();
        int reals = data.size() - fakes;
        NeighbourVote fallbackVote = new NeighbourVote(s.k(), s.temperatureGrid().get(s.temperatureGrid().size() / 2),
                s.pseudoCount());
        if (data.isEmpty()) {
            return untrained(ModelStatus.EMPTY, "the bank is empty", s, bankVersion, clock, dimension,
                    fallbackVote, reals, fakes, augmented.size());
        }
        if (fakes == 0 || reals == 0) {
            return untrained(ModelStatus.ONE_CLASS, "the bank holds only " + (fakes == 0 ? "real" : "fake")
                    + " images; verdicts stay unsure until both are present", s, bankVersion, clock, dimension,
                    fallbackVote, reals, fakes, augmented.size());
        }
        if (data.size() < s.minItems() || Math.min(fakes, reals) < 2) {
            return untrained(ModelStatus.TOO_SMALL, "too few images to train (" + reals + " real, " + fakes
                    + " fake; need " + s.minItems() + " and 2 of each): kNN vote only", s, bankVersion, clock, dimension,
                    fallbackVote, reals, fakes, augmented.size());
        }
        return trainFull(data, augmented, s, bankVersion, clock, dimension, reals, fakes);
    }

    private static DetectorModel trainFull(List<LabeledVector> data, List<LabeledVector> augmented,
            TrainSettings s, long bankVersion, Clock clock, int dimension, int reals, int fakes) {
        List<String> notes = new ArrayList<>();
        FoldPlan plan = FoldPlan.grouped(data.stream().map(s.grouping()::of).toList(),
                data.stream().map(LabeledVector::label).toList(), s.folds(), s.seed());
        notes.addAll(plan.notes());
        // Calibrate for both situations a query meets: its generator is in the bank (random folds: every fold's
        // training side holds that generator's other images) or it is not (grouped folds). Grouped folds alone
        // made the detector so timid that five known images of a generator still left its look-alikes "unsure".
        FoldPlan random = FoldPlan.grouped(data.stream().map(LabeledVector::id).toList(),
                data.stream().map(LabeledVector::label).toList(), s.folds(), s.seed());
        OutOfFoldScores.Material material = prepare(data, augmented, notes);
        int n = data.size();
        int[] queries = s.scale().exact(n) ? IntStream.range(0, n).toArray()
                : OutOfFoldScores.stratifiedSample(IntStream.range(0, n).toArray(), material.isFake(),
                        s.scale().sampledItems(), s.seed());
        if (queries.length < n) {
            notes.add(String.format(Locale.ROOT, "large bank: out-of-fold scores and the novelty cut from a stratified"
                    + " sample of %d of %d entries (each against the whole bank minus its fold); fold probes on at"
                    + " most %d entries each", queries.length, n, s.scale().foldTrainingRows()));
        }
        OutOfFoldScores oof = OutOfFoldScores.compute(material, List.of(plan, random), queries, s);

        int m = queries.length;
        boolean[] isFake = new boolean[2 * m];
        for (int q = 0; q < m; q++) {
            isFake[q] = material.isFake()[queries[q]];
            isFake[m + q] = isFake[q];
        }
        List<SearchPoint> cSearch = search(s.cGrid(), oof.probe(), isFake);
        List<SearchPoint> temperatureSearch = search(s.temperatureGrid(), oof.knn(), isFake);
        int cIndex = lowestLogLoss(cSearch);
        int temperatureIndex = highestAuc(temperatureSearch);
        double[] pKnn = oof.knn()[temperatureIndex];
        double[] pProbe = oof.probe()[cIndex];

        Stacker stacker = Stacker.fit(pKnn, pProbe, isFake);
        double[] calibrated = new double[2 * m];
        for (int i = 0; i < calibrated.length; i++) {
            calibrated[i] = stacker.pFake(pKnn[i], pProbe[i]);
        }
        OperatingPoint op = operatingPoint(calibrated, isFake, m, s);

        double c = s.cGrid().get(cIndex);
        LinearProbe probe = LinearProbe.fit(concat(material.rows(), material.augmentedRows()),
                concat(material.isFake(), material.augmentedFake()), c, null);
        NeighbourVote vote = new NeighbourVote(s.k(), s.temperatureGrid().get(temperatureIndex), s.pseudoCount());

        // Reported metrics are the grouped half: how the detector does on generators it has not seen.
        CvMetrics metrics = metrics(Arrays.copyOf(calibrated, m), Arrays.copyOf(pKnn, m), Arrays.copyOf(pProbe, m),
                Arrays.copyOf(isFake, m), op, reals, fakes, material.augmentedRows().length, s.folds(), cSearch,
                temperatureSearch, notes);
        String note = String.format("trained on %d real and %d fake images (+%d augmented); C=%s, temperature=%s,"
                + " out-of-fold AUC %.3f", reals, fakes, material.augmentedRows().length, c, vote.temperature(),
                metrics.auc());
        return new DetectorModel(DetectorModel.FORMAT_VERSION, ModelStatus.TRAINED, note, bankVersion,
                clock.instant().toString(), dimension, vote, probe, stacker, s.targetFpr(), op, metrics,
                s.targetMiss(), Novelty.fromNearest(oof.nearest(), s.noveltyQuantile()));
    }

    /**
     * Both cuts come from the grouped half only: a new real photo is of a subject the bank has not seen, and the
     * fakes that matter most are from generators it has not seen. (The random half still trains the stacker, so
     * a generator with images in the bank scores higher.)
     */
    private static OperatingPoint operatingPoint(double[] calibrated, boolean[] isFake, int n, TrainSettings s) {
        return OperatingPoint.twoSided(Arrays.copyOf(calibrated, n), Arrays.copyOf(isFake, n), s.targetFpr(),
                s.targetMiss(), s.band());
    }

    private static OutOfFoldScores.Material prepare(List<LabeledVector> data, List<LabeledVector> augmented,
            List<String> notes) {
        Map<String, Integer> indexOfId = new HashMap<>();
        float[][] rows = new float[data.size()][];
        boolean[] isFake = new boolean[data.size()];
        for (int i = 0; i < data.size(); i++) {
            indexOfId.putIfAbsent(data.get(i).id(), i);
            rows[i] = data.get(i).vector();
            isFake[i] = data.get(i).label() == Label.FAKE;
        }
        List<float[]> augmentedRows = new ArrayList<>();
        List<Boolean> augmentedFake = new ArrayList<>();
        List<Integer> augmentedSource = new ArrayList<>();
        int unknown = 0;
        for (LabeledVector a : augmented) {
            Integer source = indexOfId.get(a.id());
            if (source == null) {
                unknown++;
                continue;
            }
            augmentedRows.add(a.vector());
            augmentedFake.add(a.label() == Label.FAKE);
            augmentedSource.add(source);
        }
        if (unknown > 0) {
            notes.add(unknown + " augmented vector(s) name no bank entry and were ignored");
        }
        boolean[] fakeCopies = new boolean[augmentedFake.size()];
        for (int i = 0; i < fakeCopies.length; i++) {
            fakeCopies[i] = augmentedFake.get(i);
        }
        return new OutOfFoldScores.Material(data, rows, isFake, augmentedRows.toArray(float[][]::new), fakeCopies,
                augmentedSource.stream().mapToInt(Integer::intValue).toArray());
    }

    private static List<SearchPoint> search(List<Double> grid, double[][] scores, boolean[] isFake) {
        List<SearchPoint> points = new ArrayList<>();
        for (int g = 0; g < grid.size(); g++) {
            points.add(new SearchPoint(grid.get(g), Metrics.rocAuc(scores[g], isFake),
                    Metrics.balancedLogLoss(scores[g], isFake)));
        }
        return points;
    }

    /** Lowest log-loss; ties go to the earlier (smaller, more regularised) value. */
    private static int lowestLogLoss(List<SearchPoint> points) {
        int best = 0;
        for (int i = 1; i < points.size(); i++) {
            if (points.get(i).logLoss() < points.get(best).logLoss()) {
                best = i;
            }
        }
        return best;
    }

    /** Highest AUC; ties (common: the vote's ranking barely moves with temperature) go to the lower log-loss. */
    private static int highestAuc(List<SearchPoint> points) {
        int best = 0;
        for (int i = 1; i < points.size(); i++) {
            SearchPoint p = points.get(i);
            SearchPoint b = points.get(best);
            if (p.auc() > b.auc() || p.auc() == b.auc() && p.logLoss() < b.logLoss()) {
                best = i;
            }
        }
        return best;
    }

    private static CvMetrics metrics(double[] calibrated, double[] pKnn, double[] pProbe, boolean[] isFake,
            OperatingPoint op, int reals, int fakes, int augmented, int folds, List<SearchPoint> cSearch,
            List<SearchPoint> temperatureSearch, List<String> notes) {
        var confusion = Metrics.confusion(calibrated, isFake, op.threshold());
        long unsure = 0;
        for (double p : calibrated) {
            unsure += op.decide(p) == Decision.UNSURE ? 1 : 0;
        }
        return new CvMetrics(calibrated.length, reals, fakes, augmented, folds, Metrics.rocAuc(calibrated, isFake),
                Metrics.rocAuc(pKnn, isFake), Metrics.rocAuc(pProbe, isFake),
                Metrics.averagePrecision(calibrated, isFake), confusion.accuracy(), confusion.balancedAccuracy(),
                confusion.falsePositiveRate(), confusion.truePositiveRate(), (double) unsure / calibrated.length,
                cSearch, temperatureSearch, notes);
    }

    /**
     * A stand-in model that decides by the kNN vote alone, with the wide unsure band of a small bank: what serves
     * while the saved model is unreadable and a retrain runs.
     */
    public static DetectorModel knnOnly(String note, long bankVersion, int dimension) {
        TrainSettings s = TrainSettings.defaults();
        NeighbourVote vote = new NeighbourVote(s.k(), s.temperatureGrid().get(s.temperatureGrid().size() / 2),
                s.pseudoCount());
        return untrained(ModelStatus.TOO_SMALL, note, s, bankVersion, Clock.systemUTC(), dimension, vote, 0, 0, 0);
    }

    private static DetectorModel untrained(ModelStatus status, String note, TrainSettings s, long bankVersion,
            Clock clock, int dimension, NeighbourVote vote, int reals, int fakes, int augmented) {
        OperatingPoint op = status == ModelStatus.TOO_SMALL
                ? OperatingPoint.around(0.5, Math.max(s.band(), UNCALIBRATED_BAND))
                : new OperatingPoint(0.5, 0, 1);
        return new DetectorModel(DetectorModel.FORMAT_VERSION, status, note, bankVersion, clock.instant().toString(),
                dimension, vote, null, null, s.targetFpr(), op,
                CvMetrics.untrained(reals + fakes, reals, fakes, augmented, note), s.targetMiss(), Novelty.OFF);
    }

    private static int checkedDimension(List<LabeledVector> data, List<LabeledVector> augmented) {
        int dimension = data.isEmpty() ? 0 : data.getFirst().vector().length;
        for (List<LabeledVector> list : List.of(data, augmented)) {
            for (LabeledVector v : list) {
                if (dimension != 0 && v.vector().length != dimension) {
                    throw new IllegalArgumentException("all vectors must have dimension " + dimension + ", "
                            + v.id() + " has " + v.vector().length);
                }
            }
        }
        return dimension;
    }

    private static float[][] concat(float[][] a, float[][] b) {
        float[][] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static boolean[] concat(boolean[] a, boolean[] b) {
        boolean[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
