package fakebank.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * How the HTTP API listens and what it allows. Checked once in the constructor, so a server never starts with a
 * nonsensical limit.
 *
 * @param host                   interface to bind (default {@code 127.0.0.1}: local only)
 * @param port                   TCP port (default 7070; 0 picks a free port, see {@link ApiServer#port()})
 * @param writeKeys              API keys accepted for writes (add, delete, feedback, retrain); when empty every
 *                               write is refused with 403, so a server started without keys is read-only
 * @param keyReads               when true, read endpoints need a key too (the page, {@code /health},
 *                               {@code /metrics} and {@code /openapi.json} stay open)
 * @param maxConcurrentInference model forward passes running at once
 * @param maxQueue               requests allowed to wait for a forward pass; more get 503 with Retry-After
 * @param requestTimeout         longest a request may wait for and run inference, and the connection idle timeout
 * @param maxUploadBytes         largest request body accepted (an image plus its form fields; a batch as a whole)
 */
public record ApiSettings(
        String host,
        int port,
        List<String> writeKeys,
        boolean keyReads,
        int maxConcurrentInference,
        int maxQueue,
        Duration requestTimeout,
        long maxUploadBytes) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 7070;
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 20L * 1024 * 1024;
    /** Environment variable holding comma-separated write keys. */
    public static final String KEY_ENV = "FAKEBANK_API_KEY";
    /** Keys shorter than this are refused: they would be guessable. */
    public static final int MIN_KEY_LENGTH = 8;

    public ApiSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        writeKeys = writeKeys == null ? List.of() : List.copyOf(writeKeys);
        for (String key : writeKeys) {
            if (key.isBlank() || key.length() < MIN_KEY_LENGTH || !key.equals(key.strip())) {
                // the message never echoes the key
                throw new IllegalArgumentException("every API key must be at least " + MIN_KEY_LENGTH
                        + " characters without surrounding whitespace");
            }
        }
        if (maxConcurrentInference < 1) {
            throw new IllegalArgumentException("maxConcurrentInference must be at least 1");
        }
        if (maxQueue < 0) {
            throw new IllegalArgumentException("maxQueue must not be negative");
        }
        if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive");
        }
        if (maxUploadBytes < 1024) {
            throw new IllegalArgumentException("maxUploadBytes must be at least 1024");
        }
    }

    /** Never shows the keys, only how many there are: settings end up in logs. */
    @Override
    public String toString() {
        return "ApiSettings[host=" + host + ", port=" + port + ", writeKeys=" + writeKeys.size() + " key(s), keyReads="
                + keyReads + ", maxConcurrentInference=" + maxConcurrentInference + ", maxQueue=" + maxQueue
                + ", requestTimeout=" + requestTimeout + ", maxUploadBytes=" + maxUploadBytes + "]";
    }

    /** Local-only, port 7070, no write keys (read-only), 2 concurrent forward passes, queue 32, 30 s, 20 MB. */
    public static ApiSettings defaults() {
        return new ApiSettings(DEFAULT_HOST, DEFAULT_PORT, List.of(), false, 2, 32, Duration.ofSeconds(30),
                DEFAULT_MAX_UPLOAD_BYTES);
    }

    public ApiSettings withHost(String h) {
        return new ApiSettings(h, port, writeKeys, keyReads, maxConcurrentInference, maxQueue, requestTimeout,
                maxUploadBytes);
    }

    public ApiSettings withPort(int p) {
        return new ApiSettings(host, p, writeKeys, keyReads, maxConcurrentInference, maxQueue, requestTimeout,
                maxUploadBytes);
    }

    public ApiSettings withWriteKeys(List<String> keys) {
        return new ApiSettings(host, port, keys, keyReads, maxConcurrentInference, maxQueue, requestTimeout,
                maxUploadBytes);
    }

    public ApiSettings withKeyReads(boolean k) {
        return new ApiSettings(host, port, writeKeys, k, maxConcurrentInference, maxQueue, requestTimeout,
                maxUploadBytes);
    }

    public ApiSettings withInference(int concurrent, int queue) {
        return new ApiSettings(host, port, writeKeys, keyReads, concurrent, queue, requestTimeout, maxUploadBytes);
    }

    public ApiSettings withRequestTimeout(Duration t) {
        return new ApiSettings(host, port, writeKeys, keyReads, maxConcurrentInference, maxQueue, t,
                maxUploadBytes);
    }

    public ApiSettings withMaxUploadBytes(long bytes) {
        return new ApiSettings(host, port, writeKeys, keyReads, maxConcurrentInference, maxQueue, requestTimeout,
                bytes);
    }

    /**
     * Write keys from an environment value (comma-separated, e.g. {@code System.getenv(KEY_ENV)}) and a keys file
     * (one key per line; blank lines and lines starting with {@code #} are skipped). Either may be null; a keys
     * file that is given must exist. Duplicates are dropped, order kept.
     */
    public static List<String> keysFrom(String env, Path keysFile) {
        LinkedHashSet<String> keys = new LinkedHashSet<>();
        if (env != null) {
            for (String part : env.split(",")) {
                if (!part.isBlank()) {
                    keys.add(part.strip());
                }
            }
        }
        if (keysFile != null) {
            try {
                for (String line : Files.readAllLines(keysFile)) {
                    String k = line.strip();
                    if (!k.isEmpty() && !k.startsWith("#")) {
                        keys.add(k);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read API keys file " + keysFile + ": " + e.getMessage(), e);
            }
        }
        return new ArrayList<>(keys);
    }
}
