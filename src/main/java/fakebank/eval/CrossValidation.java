package fakebank.eval;

import fakebank.bank.Label;
import fakebank.bank.LabeledVector;
import fakebank.detect.Detector;
import fakebank.detect.DetectorModel;
import fakebank.detect.FoldPlan;
import fakebank.detect.InMemoryKnownImages;
import fakebank.detect.ModelStatus;
import fakebank.detect.TrainSettings;
import fakebank.detect.Trainer;
import fakebank.detect.Verdict;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Honest estimates of the whole detector: each fold trains a {@link DetectorModel} with {@link Trainer} (which
 * runs its own inner cross-validation) on the training side only, and classifies the held-out side against an
 * in-memory bank of the training side only. Augmented copies follow their source: training side only.
 */
public final class CrossValidation {
    /** The generator name used for fakes that have none. */
    public static final String UNKNOWN_GENERATOR = "(unknown)";

    private static final Clock FIXED_CLOCK = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);

    private CrossValidation() {
    }

    /** Per-item out-of-fold predictions (in data order, items never held out omitted) and the plan's notes. */
    public record Result(String setting, List<OutOfFoldPrediction> predictions, FoldPlan plan, List<String> notes,
            Map<String, List<OutOfFoldPrediction>> views) {
        public Result {
            predictions = List.copyOf(predictions);
            notes = List.copyOf(notes);
            views = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(views)); // keep the report's order
        }
    }

    /** Grouped K-fold with the settings' grouping: every item is predicted exactly once. */
    public static Result groupedKFold(List<LabeledVector> data, List<LabeledVector> augmented, TrainSettings s,
            int folds) {
        FoldPlan plan = FoldPlan.grouped(data.stream().map(s.grouping()::of).toList(),
                data.stream().map(LabeledVector::label).toList(), folds, s.seed());
        return run("grouped " + folds + "-fold", data, augmented, s, plan);
    }

    /**
     * Leave-generator-out: fold g holds out every fake of generator g (sorted by name; fakes without one count as
     * {@link #UNKNOWN_GENERATOR}) plus a 1/G share of the reals (split by group), so every item is predicted once
     * and each generator is scored by a model that never saw it. Needs at least two generators.
     */
    public static Result leaveGeneratorOut(List<LabeledVector> data, List<LabeledVector> augmented,
            TrainSettings s) {
        List<String> generators = new ArrayList<>(new TreeSet<>(data.stream()
                .filter(v -> v.label() == Label.FAKE).map(CrossValidation::generatorOf).toList()));
        if (generators.size() < 2) {
            throw new IllegalArgumentException("leave-generator-out needs at least 2 fake generators, got "
                    + generators.size());
        }
        List<Integer> realIndex = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            if (data.get(i).label() == Label.REAL) {
                realIndex.add(i);
            }
        }
        int[] foldOf = new int[data.size()];
        List<String> notes = new ArrayList<>();
        if (!realIndex.isEmpty()) {
            FoldPlan realPlan = FoldPlan.grouped(realIndex.stream().map(i -> s.grouping().of(data.get(i))).toList(),
                    realIndex.stream().map(i -> Label.REAL).toList(), generators.size(), s.seed());
            notes.addAll(realPlan.notes());
            for (int r = 0; r < realIndex.size(); r++) {
                foldOf[realIndex.get(r)] = realPlan.foldOf()[r];
            }
        }
        for (int i = 0; i < data.size(); i++) {
            if (data.get(i).label() == Label.FAKE) {
                foldOf[i] = generators.indexOf(generatorOf(data.get(i)));
            }
        }
        return run("leave-generator-out", data, augmented, s, new FoldPlan(foldOf, generators.size(), notes));
    }

    /** Runs any fold plan: fold f trains on everything outside f and predicts f. */
    public static Result run(String setting, List<LabeledVector> data, List<LabeledVector> augmented,
            TrainSettings s, FoldPlan plan) {
        return run(setting, data, augmented, s, plan, Map.of());
    }

    /**
     * Runs a fold plan and also scores perturbed views of the held-out items: {@code views} maps a name (e.g.
     * "jpeg q50") to vectors aligned with {@code data} (the same images, perturbed, re-embedded). Each view item is
     * scored by the model of the fold that held its original out, so robustness is measured on unseen images.
     */
    public static Result run(String setting, List<LabeledVector> data, List<LabeledVector> augmented,
            TrainSettings s, FoldPlan plan, Map<String, List<LabeledVector>> views) {
        views.forEach((name, view) -> {
            if (view.size() != data.size()) {
                throw new IllegalArgumentException("view '" + name + "' has " + view.size() + " items, data has "
                        + data.size());
            }
        });
        Map<String, OutOfFoldPrediction[]> viewPredictions = new LinkedHashMap<>();
        views.keySet().forEach(name -> viewPredictions.put(name, new OutOfFoldPrediction[data.size()]));
        if (plan.foldOf().length != data.size()) {
            throw new IllegalArgumentException("the fold plan covers " + plan.foldOf().length + " items, data has "
                    + data.size());
        }
        OutOfFoldPrediction[] predictions = new OutOfFoldPrediction[data.size()];
        List<String> notes = new ArrayList<>(plan.notes());
        for (int fold = 0; fold < plan.folds(); fold++) {
            List<LabeledVector> training = new ArrayList<>();
            List<Integer> held = new ArrayList<>();
            for (int i = 0; i < data.size(); i++) {
                if (plan.inFold(i, fold)) {
                    held.add(i);
                } else {
                    training.add(data.get(i));
                }
            }
            if (held.isEmpty()) {
                continue;
            }
            Set<String> trainingIds = new HashSet<>();
            training.forEach(v -> trainingIds.add(v.id()));
            Set<String> heldIds = new HashSet<>();
            held.forEach(i -> heldIds.add(data.get(i).id()));
            // An id on both sides (duplicate ids) would leak its copies; keep such copies out entirely.
            List<LabeledVector> trainingCopies = augmented.stream()
                    .filter(a -> trainingIds.contains(a.id()) && !heldIds.contains(a.id())).toList();
            DetectorModel model = Trainer.train(training, trainingCopies, s, fold, FIXED_CLOCK);
            if (model.status() != ModelStatus.TRAINED) {
                notes.add("fold " + fold + ": " + model.note());
            }
            Detector detector = new Detector(new InMemoryKnownImages(training, fold), model);
            for (int i : held) {
                predictions[i] = predict(detector, data.get(i), fold);
                for (var view : viewPredictions.entrySet()) {
                    view.getValue()[i] = predict(detector, views.get(view.getKey()).get(i), fold);
                }
            }
        }
        Map<String, List<OutOfFoldPrediction>> viewLists = new LinkedHashMap<>();
        viewPredictions.forEach((name, array) -> viewLists.put(name, present(array)));
        return new Result(setting, present(predictions), plan, notes, viewLists);
    }

    private static OutOfFoldPrediction predict(Detector detector, LabeledVector v, int fold) {
        Verdict verdict = detector.classify(v.vector(), 0);
        return new OutOfFoldPrediction(v.id(), v.label(), v.generator(), v.family(), fold, verdict.pFake(),
                verdict.pFakeKnn(), verdict.pFakeProbe(), verdict.threshold(), verdict.verdict(),
                verdict.reasonCodes());
    }

    private static List<OutOfFoldPrediction> present(OutOfFoldPrediction[] predictions) {
        List<OutOfFoldPrediction> list = new ArrayList<>();
        for (OutOfFoldPrediction p : predictions) {
            if (p != null) {
                list.add(p);
            }
        }
        return list;
    }

    static String generatorOf(LabeledVector v) {
        return Objects.requireNonNullElse(v.generator(), UNKNOWN_GENERATOR);
    }
}
