package fakebank.detect;

/** One candidate of a hyper-parameter search with its out-of-fold AUC and class-balanced log-loss. */
public record SearchPoint(double value, double auc, double logLoss) {
}
