package fakebank.api;

import fakebank.error.ForbiddenException;
import fakebank.error.UnauthorizedException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * Checks {@code Authorization: Bearer <key>} against the configured keys. Only sha256 digests of the keys are
 * kept; comparison is constant-time over digests and always looks at every key, so timing reveals neither a
 * key's prefix nor which key matched. Callers get a key id ({@code key:} + 8 hex of the digest) for audit logs;
 * the key itself never leaves this class.
 */
final class ApiKeys {
    private final List<byte[]> digests;

    ApiKeys(List<String> keys) {
        this.digests = keys.stream().map(ApiKeys::digest).toList();
    }

    boolean isEmpty() {
        return digests.isEmpty();
    }

    /**
     * The caller's key id, or: {@link UnauthorizedException} without a usable bearer token,
     * {@link ForbiddenException} for a key that is not accepted (or when no keys are configured at all).
     */
    String authenticate(String authorizationHeader) {
        String token = bearer(authorizationHeader);
        if (digests.isEmpty()) {
            throw new ForbiddenException("this server has no API keys configured, so it accepts no writes");
        }
        if (token == null) {
            throw new UnauthorizedException("this request needs an API key: send Authorization: Bearer <key>");
        }
        byte[] presented = digest(token);
        boolean ok = false;
        for (byte[] d : digests) {
            ok |= MessageDigest.isEqual(d, presented); // no early exit
        }
        if (!ok) {
            throw new ForbiddenException("the API key is not accepted");
        }
        return keyId(presented);
    }

    /** The token of a {@code Bearer} header, or null when there is none. */
    static String bearer(String header) {
        if (header == null) {
            return null;
        }
        String h = header.strip();
        if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = h.substring(7).strip();
        return token.isEmpty() ? null : token;
    }

    /** Stable, non-secret name of a key: {@code key:} + first 8 hex digits of its sha256. */
    static String keyId(String key) {
        return keyId(digest(key));
    }

    private static String keyId(byte[] digest) {
        return "key:" + HexFormat.of().formatHex(digest, 0, 4);
    }

    private static byte[] digest(String key) {
        return fakebank.hash.Sha256.digest(key.getBytes(StandardCharsets.UTF_8));
    }
}
