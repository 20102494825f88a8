package fakebank.cli;

import com.fasterxml.jackson.databind.JsonNode;
import fakebank.error.BadImageException;
import fakebank.error.BadRequestException;
import fakebank.error.ConflictException;
import fakebank.error.ForbiddenException;
import fakebank.error.NotFoundException;
import fakebank.error.OverloadedException;
import fakebank.error.StorageException;
import fakebank.error.TooLargeException;
import fakebank.error.UnauthorizedException;
import fakebank.error.UnsupportedTypeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Write commands sent to a running server ({@code --server URL}) instead of opening the bank, which the server
 * holds open for writing. The key comes from {@code $FAKEBANK_API_KEY} (the first one when several are listed).
 * Problems the server answers become the same typed errors (and exit codes) as local failures.
 */
final class ServerClient {
    static final String KEY_ENV = "FAKEBANK_API_KEY";

    private final URI base;
    private final String key;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    ServerClient(String url, String key) {
        String u = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        if (!u.startsWith("http://") && !u.startsWith("https://")) {
            throw new IllegalArgumentException("--server must be an http(s) URL like http://127.0.0.1:7070, got "
                    + url);
        }
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("writes through --server need a key: set $" + KEY_ENV);
        }
        this.base = URI.create(u);
        this.key = key.split(",")[0].strip();
    }

    static ServerClient fromEnvironment(String url) {
        return new ServerClient(url, System.getenv(KEY_ENV));
    }

    /** POST /v1/images: the add result as the server renders it. */
    JsonNode addImage(String filename, byte[] image, Map<String, String> fields) {
        String boundary = "fakebank" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, String> f : fields.entrySet()) {
            if (f.getValue() != null) {
                body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey()
                        + "\"\r\n\r\n" + f.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        String safeName = filename.replaceAll("[\"\\r\\n\\\\]", "_");
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\""
                + safeName + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(image);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(request("/v1/images").header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    void remove(String id, String reason) {
        send(request("/v1/images/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "?reason="
                + URLEncoder.encode(reason, StandardCharsets.UTF_8)).DELETE());
    }

    /** Queues a retrain on the server (it answers 202 at once); {@link #retrainStatus()} follows it. */
    JsonNode retrain(boolean augment) {
        return send(request("/v1/retrain?augment=" + augment).POST(HttpRequest.BodyPublishers.noBody()));
    }

    JsonNode retrainStatus() {
        return send(request("/v1/retrain").GET());
    }

    static Map<String, String> fields(String label, String generator, String family, String source, String note) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("label", label);
        m.put("generator", generator);
        m.put("family", family);
        m.put("source", source);
        m.put("note", note);
        return m;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + key);
    }

    private JsonNode send(HttpRequest.Builder request) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the server at " + base + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        JsonNode body = null;
        try {
            body = response.body().length == 0 ? null : Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            // not JSON: reported below by status
        }
        int status = response.statusCode();
        if (status < 300) {
            return body;
        }
        String detail = body != null && body.hasNonNull("detail") ? body.get("detail").asText()
                : "HTTP " + status + " from " + base;
        throw switch (status) {
            case 400 -> new BadRequestException(detail);
            case 401 -> new UnauthorizedException(detail);
            case 403 -> new ForbiddenException(detail);
            case 404 -> new NotFoundException(detail);
            case 409 -> new ConflictException(detail);
            case 413 -> new TooLargeException(detail);
            case 415 -> new UnsupportedTypeException(detail);
            case 422 -> new BadImageException(detail);
            case 429, 503 -> new OverloadedException(detail);
            case 507 -> new StorageException(detail, null);
            default -> new IllegalStateException("the server answered " + status + ": " + detail);
        };
    }
}
