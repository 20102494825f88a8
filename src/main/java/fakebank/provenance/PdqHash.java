package fakebank.provenance;

import java.util.Locale;

/**
 * A 256-bit PDQ hash in the reference's text form: 64 hex digits, the DCT row 15 first. Bit {@code i*16+j} is set
 * when DCT coefficient (i, j) is above the median. {@code quality} (0-100) is the reference's gradient measure;
 * hashes below 50 come from flat images and match too easily, so they are not used for matching.
 */
public record PdqHash(long[] words, int quality) {
    /** Hashes below this quality are not matched (the reference recommends discarding quality <= 49). */
    public static final int MIN_QUALITY = 50;

    public PdqHash {
        if (words == null || words.length != 4) {
            throw new IllegalArgumentException("a PDQ hash has 4 64-bit words");
        }
        words = words.clone();
    }

    /** Parses 64 hex digits (case-insensitive); quality is unknown (100) for hashes from elsewhere. */
    public static PdqHash parse(String hex) {
        return parse(hex, 100);
    }

    public static PdqHash parse(String hex, int quality) {
        if (hex == null || hex.length() != 64 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("a PDQ hash is 64 hex digits, got "
                    + (hex == null ? "nothing" : "\"" + hex + "\""));
        }
        long[] w = new long[4];
        for (int k = 0; k < 4; k++) {
            // words[0] holds bits 0-63, which are the last 16 hex digits
            w[k] = Long.parseUnsignedLong(hex.substring(64 - 16 * (k + 1), 64 - 16 * k), 16);
        }
        return new PdqHash(w, quality);
    }

    public boolean bit(int i) {
        return (words[i >>> 6] >>> (i & 63) & 1L) != 0;
    }

    public int distance(PdqHash other) {
        int d = 0;
        for (int k = 0; k < 4; k++) {
            d += Long.bitCount(words[k] ^ other.words[k]);
        }
        return d;
    }

    /** JSON shows a hash as its 64 hex digits. */
    @com.fasterxml.jackson.annotation.JsonValue
    public String hex() {
        StringBuilder sb = new StringBuilder(64);
        for (int k = 3; k >= 0; k--) {
            sb.append(String.format(Locale.ROOT, "%016x", words[k]));
        }
        return sb.toString();
    }

    @Override
    public long[] words() {
        return words.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PdqHash h && java.util.Arrays.equals(words, h.words) && quality == h.quality;
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(words) * 31 + quality;
    }

    @Override
    public String toString() {
        return hex() + " q" + quality;
    }
}
