package fakebank.detect;

import java.util.List;

/**
 * Out-of-fold quality of a trained model, measured on grouped folds (no group on both sides): counts, AUC of the
 * calibrated score and of each raw score, and decision metrics at the threshold ({@code accuracy} cuts at the
 * threshold alone; {@code unsureRate} is the share that would fall in the band). Rank metrics are NaN for
 * degenerate models. {@code cSearch} and {@code temperatureSearch} show how C and the vote temperature were chosen.
 */
public record CvMetrics(
        int n,
        int nReal,
        int nFake,
        int nAugmented,
        int folds,
        double auc,
        double aucKnn,
        double aucProbe,
        double averagePrecision,
        double accuracy,
        double balancedAccuracy,
        double fprAtThreshold,
        double tprAtThreshold,
        double unsureRate,
        List<SearchPoint> cSearch,
        List<SearchPoint> temperatureSearch,
        List<String> notes) {

    public CvMetrics {
        cSearch = List.copyOf(cSearch);
        temperatureSearch = List.copyOf(temperatureSearch);
        notes = List.copyOf(notes);
    }

    /** Counts only, for a model that could not be cross-validated; {@code note} says why. */
    static CvMetrics untrained(int n, int nReal, int nFake, int nAugmented, String note) {
        return new CvMetrics(n, nReal, nFake, nAugmented, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, List.of(), List.of(), List.of(note));
    }
}
