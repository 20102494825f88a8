package fakebank.bank;

/**
 * Outcome of an add. {@code duplicate}: the exact bytes were already in the bank and {@code id} is the existing
 * entry (nothing was added). {@code nearDuplicateOf}: a different file whose embedding is at least the bank's
 * near-duplicate threshold similar (the entry is still added), else null.
 */
public record AddResult(String id, String sha256, boolean duplicate, String nearDuplicateOf, Float nearSimilarity) {
}
