package fakebank.detect;

import java.util.Objects;

/**
 * One piece of evidence behind a verdict: a short machine-readable {@code code} and a human-readable
 * {@code detail}. Other evidence (metadata, copy detection) adds its own codes through
 * {@link Verdict#decidedBy(Decision, Reason)} and {@link Verdict#withReason(Reason)} without touching the detector.
 */
public record Reason(String code, String detail) {
    /** A near copy of a bank entry decided the verdict by that entry's label. */
    public static final String KNOWN_MATCH = "known_match";
    /** The calibrated score fell in the real or fake region, or between them. */
    public static final String SCORE = "score";
    /** The image is farther from every bank entry than the bank's own entries are from each other. */
    public static final String NOVEL = "novel";
    /** Out of fold, the scores could not reach the targets on this side, so the detector never decides it. */
    public static final String NO_SEPARATION = "no_separation";
    /** The bank is empty or holds one class only: nothing was trained. */
    public static final String UNTRAINED = "untrained";
    /** Provenance metadata (C2PA, IPTC, generator chunks) said what the image is. */
    public static final String METADATA = "metadata";
    /** A video's verdict, from its sampled frames' verdicts. */
    public static final String FRAMES = "frames";

    public Reason {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(detail, "detail");
    }
}
