package fakebank.bank;

import fakebank.error.BadRequestException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks what callers hand the bank before anything is written, with {@link BadRequestException}s written for the
 * person who sent the input. The sha256 becomes a file name, so it must be strict lowercase hex.
 */
final class EntryValidator {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern IMPORTED_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final String encoder;
    private final int dim;
    private final boolean keepOriginals;

    EntryValidator(String encoder, int dim, boolean keepOriginals) {
        this.encoder = encoder;
        this.dim = dim;
        this.keepOriginals = keepOriginals;
    }

    /**
     * A validated entry: lowercase sha256, a unit vector of the bank's dim, the original only when kept; id and
     * addedAt are given for imports, null otherwise.
     */
    record Prepared(String sha256, float[] vector, byte[] thumbnail, byte[] original, EntryMeta meta, String id,
            Instant addedAt) {
    }

    Prepared prepare(NewEntry e, String id, Instant addedAt) {
        String sha = e.sha256().toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(sha).matches()) {
            throw new BadRequestException("sha256 must be 64 hex characters, got '" + e.sha256() + "'");
        }
        if (id != null && !IMPORTED_ID.matcher(id).matches()) {
            throw new BadRequestException("id must be 1 to 64 letters, digits, '-' or '_', got '" + id + "'");
        }
        if (e.thumbnail() != null && e.thumbnail().length > Bank.MAX_THUMBNAIL_BYTES) {
            throw new BadRequestException("thumbnail is " + e.thumbnail().length + " bytes; at most "
                    + Bank.MAX_THUMBNAIL_BYTES + " are stored");
        }
        byte[] original = keepOriginals ? e.original() : null;
        if (original != null && !fakebank.hash.Sha256.hex(original).equals(sha)) {
            throw new BadRequestException("sha256 " + sha + " is not the digest of the original bytes given");
        }
        return new Prepared(sha, unitVector(e.vector()), e.thumbnail(), original, e.meta(), id,
                addedAt == null ? null : addedAt.truncatedTo(ChronoUnit.MILLIS));
    }

    boolean isSha256(String s) {
        return SHA256.matcher(s).matches();
    }

    /** A copy of {@code v} scaled to unit length; rejects a wrong dimension, NaN, infinities and zero. */
    float[] unitVector(float[] v) {
        if (v == null) {
            throw new BadRequestException("vector is required");
        }
        if (v.length != dim) {
            throw new BadRequestException("vector has " + v.length + " dimensions but this bank's encoder "
                    + encoder + " makes " + dim);
        }
        double sq = 0;
        for (float x : v) {
            if (!Float.isFinite(x)) {
                throw new BadRequestException("vector contains NaN or infinite values");
            }
            sq += (double) x * x;
        }
        if (sq == 0) {
            throw new BadRequestException("vector is all zeros");
        }
        float[] unit = v.clone();
        // Re-scaling an already unit vector would only add rounding noise.
        if (Math.abs(sq - 1) > 1e-5) {
            float scale = (float) (1 / Math.sqrt(sq));
            for (int i = 0; i < unit.length; i++) {
                unit[i] *= scale;
            }
        }
        return unit;
    }
}
