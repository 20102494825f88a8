package fakebank.detect;

/** How much a {@link DetectorModel} could learn from its bank. */
public enum ModelStatus {
    /** Probe, stacker and threshold trained and cross-validated. */
    TRAINED,
    /** Both classes present but too few entries: kNN vote only, wide unsure band. */
    TOO_SMALL,
    /** Only one class in the bank: the vote cannot tell anything apart, every verdict is unsure. */
    ONE_CLASS,
    /** No entries: every verdict is unsure. */
    EMPTY;

    /** Whether verdicts may commit to real or fake at all. */
    public boolean canCommit() {
        return this == TRAINED || this == TOO_SMALL;
    }
}
