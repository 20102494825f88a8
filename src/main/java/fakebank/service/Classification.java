package fakebank.service;

import fakebank.detect.Verdict;

/** A verdict for one image plus what produced it: the encoder identity and per-step timings in milliseconds. */
public record Classification(String sha256, Verdict verdict, String encoder, double decodeMs, double embedMs,
        double detectMs) {
    public double totalMs() {
        return decodeMs + embedMs + detectMs;
    }
}
