package fakebank.bank;

/**
 * An image ready to be stored: its embedding (unit length, the bank's encoder), the sha256 of the original
 * bytes, a small JPEG thumbnail (may be null), the original bytes (null when originals are not kept), and the
 * provenance signature copy detection needs (opaque to the bank, may be null).
 */
public record NewEntry(String sha256, float[] vector, byte[] thumbnail, byte[] original, EntryMeta meta,
        byte[] signature) {
    public NewEntry(String sha256, float[] vector, byte[] thumbnail, byte[] original, EntryMeta meta) {
        this(sha256, vector, thumbnail, original, meta, null);
    }

    public NewEntry {
        if (sha256 == null || sha256.length() != 64) {
            throw new IllegalArgumentException("sha256 must be 64 hex characters");
        }
        if (vector == null || vector.length == 0) {
            throw new IllegalArgumentException("vector is required");
        }
        if (meta == null) {
            throw new IllegalArgumentException("meta is required");
        }
    }
}
