package fakebank.bank;

/**
 * Bank settings, checked once here. {@code searchWidth}: HNSW candidates gathered per query (Lucene's k is also
 * the beam width, so ask for ~100 and keep the top k). {@code quantized}: int8 scalar-quantized HNSW with
 * full-precision rescoring instead of float32 HNSW. {@code store}: where the entries' index lives, null for the
 * local Lucene index in the bank folder, or a SolrCloud URL ({@code solr:http://127.0.0.1:8983/solr/fakebank}, see
 * docs/scale-out.md).
 */
public record BankOptions(
        boolean keepOriginals,
        float nearDuplicateThreshold,
        int searchWidth,
        int hnswM,
        int hnswBeamWidth,
        boolean quantized,
        String store) {

    /** Settings for the local Lucene index. */
    public BankOptions(boolean keepOriginals, float nearDuplicateThreshold, int searchWidth, int hnswM,
            int hnswBeamWidth, boolean quantized) {
        this(keepOriginals, nearDuplicateThreshold, searchWidth, hnswM, hnswBeamWidth, quantized, null);
    }

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
        if (store != null && !SolrStore.handles(store)) {
            throw new IllegalArgumentException("store must be a solr: URL (e.g. solr:http://127.0.0.1:8983/solr/"
                    + "fakebank) or absent for the local index, got " + store);
        }
    }

    public BankOptions withStore(String storeUrl) {
        return new BankOptions(keepOriginals, nearDuplicateThreshold, searchWidth, hnswM, hnswBeamWidth, quantized,
                storeUrl);
    }

    /** True when the entries live in a remote store rather than the bank folder's Lucene index. */
    public boolean remoteStore() {
        return store != null;
    }

    public static BankOptions defaults() {
        return new BankOptions(true, 0.97f, 100, 16, 100, false);
    }
}
