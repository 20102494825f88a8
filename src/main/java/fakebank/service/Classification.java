package fakebank.service;

import fakebank.detect.Verdict;
import fakebank.metadata.MetadataReport;

/**
 * A verdict for one image plus what produced it: the encoder identity, per-step timings in milliseconds, and what
 * the file's metadata says ({@code metadata} is null when no bytes were read, e.g. a video frame).
 */
public record Classification(String sha256, Verdict verdict, String encoder, double decodeMs, double embedMs,
        double detectMs, MetadataReport metadata) {
    public double totalMs() {
        return decodeMs + embedMs + detectMs;
    }

    /** What the metadata says in one sentence, or empty when the file carries no provenance metadata. */
    public String metadataSummary() {
        return MetadataEvidence.summary(metadata);
    }
}
