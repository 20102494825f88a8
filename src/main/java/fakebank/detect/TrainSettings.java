package fakebank.detect;

import java.util.List;

/**
 * How a {@link DetectorModel} is trained. Checked at construction; the message names the failed constraint.
 *
 * @param k               neighbours in the kNN vote (>= 1)
 * @param folds           grouped cross-validation folds for C selection, stacking and calibration (>= 2)
 * @param targetFpr       most real images the threshold may call fake (out of fold), in (0, 1); a budget:
 *                        when the classes separate, less is used
 * @param band            least half-width of the unsure band around the threshold, in logits (>= 0); 0.4 logits is
 *                        about +-0.1 in probability around 0.5, and narrower near 0 or 1
 * @param cGrid           candidate probe regularisation strengths (liblinear C), each > 0
 * @param temperatureGrid candidate kNN vote temperatures, each > 0
 * @param pseudoCount     symmetric prior of the kNN vote, in nearest-neighbour weights (>= 0)
 * @param minItems        fewer bank entries than this give a kNN-only model (>= 2)
 * @param seed            seed for the fold assignment
 * @param grouping        cross-validation groups
 * @param targetMiss      most fakes of unseen generators the {@code real} region may hold (out of fold), in (0, 1);
 *                        also the largest error share, at equal priors, among images called real
 * @param noveltyQuantile share of the bank's own leave-one-out nearest-neighbour similarities below which a query
 *                        is {@code novel}, in [0, 1); 0 turns novelty off
 * @param scale           how work is bounded on a large bank (sampled out-of-fold scores above a size)
 */
public record TrainSettings(int k, int folds, double targetFpr, double band, List<Double> cGrid,
        List<Double> temperatureGrid, double pseudoCount, int minItems, long seed, GroupKey grouping,
        double targetMiss, double noveltyQuantile, TrainingScale scale) {

    public static final List<Double> DEFAULT_C_GRID = List.of(0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0);
    public static final List<Double> DEFAULT_TEMPERATURES = List.of(0.01, 0.03, 0.1, 0.3, 1.0);

    public TrainSettings {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        if (folds < 2) {
            throw new IllegalArgumentException("folds must be >= 2, got " + folds);
        }
        if (!(targetFpr > 0 && targetFpr < 1)) {
            throw new IllegalArgumentException("targetFpr must be in (0, 1), got " + targetFpr);
        }
        if (!(band >= 0) || Double.isInfinite(band)) {
            throw new IllegalArgumentException("band must be >= 0 and finite, got " + band);
        }
        cGrid = positiveList("cGrid", cGrid);
        temperatureGrid = positiveList("temperatureGrid", temperatureGrid);
        if (!(pseudoCount >= 0) || Double.isInfinite(pseudoCount)) {
            throw new IllegalArgumentException("pseudoCount must be >= 0 and finite, got " + pseudoCount);
        }
        if (minItems < 2) {
            throw new IllegalArgumentException("minItems must be >= 2, got " + minItems);
        }
        if (grouping == null) {
            throw new IllegalArgumentException("grouping must not be null");
        }
        if (!(targetMiss > 0 && targetMiss < 1)) {
            throw new IllegalArgumentException("targetMiss must be in (0, 1), got " + targetMiss);
        }
        if (!(noveltyQuantile >= 0 && noveltyQuantile < 1)) {
            throw new IllegalArgumentException("noveltyQuantile must be in [0, 1), got " + noveltyQuantile);
        }
        if (scale == null) {
            throw new IllegalArgumentException("scale must not be null");
        }
    }

    /**
     * k = 10, 5 folds, 5% FPR, band 0.4 logits, default grids, pseudo-count 0.5, at least 10 items, 5% miss rate,
     * novelty below the bank's 5% nearest-neighbour similarity.
     */
    public static TrainSettings defaults() {
        return new TrainSettings(10, 5, 0.05, 0.4, DEFAULT_C_GRID, DEFAULT_TEMPERATURES, 0.5, 10, 42,
                GroupKey.generatorOrSubject(), 0.05, 0.05, TrainingScale.DEFAULT);
    }

    public TrainSettings withTargetMiss(double newTargetMiss) {
        return new TrainSettings(k, folds, targetFpr, band, cGrid, temperatureGrid, pseudoCount, minItems, seed,
                grouping, newTargetMiss, noveltyQuantile, scale);
    }

    public TrainSettings withNoveltyQuantile(double newQuantile) {
        return new TrainSettings(k, folds, targetFpr, band, cGrid, temperatureGrid, pseudoCount, minItems, seed,
                grouping, targetMiss, newQuantile, scale);
    }

    public TrainSettings withK(int newK) {
        return new TrainSettings(newK, folds, targetFpr, band, cGrid, temperatureGrid, pseudoCount, minItems, seed,
                grouping, targetMiss, noveltyQuantile, scale);
    }

    public TrainSettings withFolds(int newFolds) {
        return new TrainSettings(k, newFolds, targetFpr, band, cGrid, temperatureGrid, pseudoCount, minItems, seed,
                grouping, targetMiss, noveltyQuantile, scale);
    }

    public TrainSettings withTargetFpr(double newTargetFpr) {
        return new TrainSettings(k, folds, newTargetFpr, band, cGrid, temperatureGrid, pseudoCount, minItems, seed,
                grouping, targetMiss, noveltyQuantile, scale);
    }

    public TrainSettings withBand(double newBand) {
        return new TrainSettings(k, folds, targetFpr, newBand, cGrid, temperatureGrid, pseudoCount, minItems, seed,
                grouping, targetMiss, noveltyQuantile, scale);
    }

    public TrainSettings withCGrid(List<Double> newCGrid) {
        return new TrainSettings(k, folds, targetFpr, band, newCGrid, temperatureGrid, pseudoCount, minItems, seed,
                grouping, targetMiss, noveltyQuantile, scale);
    }

    public TrainSettings withTemperatureGrid(List<Double> newTemperatures) {
        return new TrainSettings(k, folds, targetFpr, band, cGrid, newTemperatures, pseudoCount, minItems, seed,
                grouping, targetMiss, noveltyQuantile, scale);
    }

    public TrainSettings withPseudoCount(double newPseudoCount) {
        return new TrainSettings(k, folds, targetFpr, band, cGrid, temperatureGrid, newPseudoCount, minItems, seed,
                grouping, targetMiss, noveltyQuantile, scale);
    }

    public TrainSettings withSeed(long newSeed) {
        return new TrainSettings(k, folds, targetFpr, band, cGrid, temperatureGrid, pseudoCount, minItems, newSeed,
                grouping, targetMiss, noveltyQuantile, scale);
    }

    public TrainSettings withGrouping(GroupKey newGrouping) {
        return new TrainSettings(k, folds, targetFpr, band, cGrid, temperatureGrid, pseudoCount, minItems, seed,
                newGrouping, targetMiss, noveltyQuantile, scale);
    }

    public TrainSettings withScale(TrainingScale newScale) {
        return new TrainSettings(k, folds, targetFpr, band, cGrid, temperatureGrid, pseudoCount, minItems, seed,
                grouping, targetMiss, noveltyQuantile, newScale);
    }

    /** Ascending, duplicates removed: the probe search warm-starts from the previous (stronger-regularised) C. */
    private static List<Double> positiveList(String name, List<Double> values) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        for (Double v : values) {
            if (v == null || !(v > 0) || v.isInfinite()) {
                throw new IllegalArgumentException(name + " values must be positive and finite, got " + v);
            }
        }
        return values.stream().distinct().sorted().toList();
    }
}
