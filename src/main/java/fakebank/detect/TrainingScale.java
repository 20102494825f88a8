package fakebank.detect;

/**
 * How training bounds its work on a large bank. Up to {@code exactUpTo} entries every entry is scored out of fold
 * against every other fold (exact, as on the devset). Above it, out-of-fold scores and the novelty cut come from a
 * seeded sample of {@code sampledItems} entries (stratified by label), each still scored exactly against the whole
 * bank minus its fold; and each fold's probe trains on at most {@code foldTrainingRows} entries of the other folds
 * (stratified by label). The final probe always trains on every entry. Time is then O(n d) instead of O(n^2 d).
 *
 * @param exactUpTo        banks of at most this many entries are cross-validated exactly (>= 1)
 * @param sampledItems     entries scored out of fold on a larger bank (>= 100)
 * @param foldTrainingRows rows each fold's probe trains on, at most, on a larger bank (>= 100)
 */
public record TrainingScale(int exactUpTo, int sampledItems, int foldTrainingRows) {
    public static final TrainingScale DEFAULT = new TrainingScale(5_000, 2_000, 10_000);

    public TrainingScale {
        if (exactUpTo < 1) {
            throw new IllegalArgumentException("exactUpTo must be >= 1, got " + exactUpTo);
        }
        if (sampledItems < 100) {
            throw new IllegalArgumentException("sampledItems must be >= 100, got " + sampledItems);
        }
        if (foldTrainingRows < 100) {
            throw new IllegalArgumentException("foldTrainingRows must be >= 100, got " + foldTrainingRows);
        }
    }

    boolean exact(int n) {
        return n <= exactUpTo;
    }
}
