package fakebank.bank;

/**
 * Bank settings, checked once here. {@code searchWidth}: HNSW candidates gathered per query (Lucene's k is also
 * the beam width, so ask for ~100 and keep the top k). {@code quantized}: int8 scalar-quantized HNSW with
 * full-precision rescoring instead of float32 HNSW.
 */
public record BankOptions(
        boolean keepOriginals,
        float nearDuplicateThreshold,
        int searchWidth,
        int hnswM,
        int hnswBeamWidth,
        boolean quantized) {

    public BankOptions {
        if (nearDuplicateThreshold <= 0 || nearDuplicateThreshold > 1) {
            throw new IllegalArgumentException("nearDuplicateThreshold must be in (0, 1]");
        }
        if (searchWidth < 1) {
            throw new IllegalArgumentException("searchWidth must be positive");
        }
        if (hnswM < 2) {
            throw new IllegalArgumentException("hnswM must be at least 2");
        }
        if (hnswBeamWidth < 1) {
            throw new IllegalArgumentException("hnswBeamWidth must be positive");
        }
    }

    public static BankOptions defaults() {
        return new BankOptions(true, 0.97f, 100, 16, 100, false);
    }
}
