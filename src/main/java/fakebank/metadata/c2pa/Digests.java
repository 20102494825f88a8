package fakebank.metadata.c2pa;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/** The hash algorithms C2PA names ({@code sha256}, {@code sha384}, {@code sha512}); null for anything else. */
final class Digests {
    private Digests() {
    }

    static MessageDigest of(String alg) {
        if (alg == null) {
            return null;
        }
        String name = switch (alg.toLowerCase(Locale.ROOT)) {
            case "sha256" -> "SHA-256";
            case "sha384" -> "SHA-384";
            case "sha512" -> "SHA-512";
            default -> null;
        };
        try {
            return name == null ? null : MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            return null;
        }
    }
}
