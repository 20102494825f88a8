package fakebank.bank;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fakebank.error.BadRequestException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * The JSON shape of an entry shared by journal lines and bank files: snake_case keys, {@code added_at} as an
 * ISO-8601 instant, {@code vector} as base64 of little-endian float32, {@code thumbnail} as base64.
 */
final class RecordJson {
    static final ObjectMapper MAPPER = fakebank.json.JsonMapping.MAPPER;

    private RecordJson() {
    }

    static ObjectNode toJson(EntryRecord r, boolean withThumbnail) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", r.id());
        n.put("sha256", r.sha256());
        n.put("label", r.label().json());
        putIfPresent(n, "generator", r.generator());
        n.put("family", r.family().json());
        putIfPresent(n, "source", r.source());
        putIfPresent(n, "note", r.note());
        n.put("added_at", r.addedAt().toString());
        putIfPresent(n, "added_by", r.addedBy());
        if (r.vector() != null) {
            n.put("vector", encodeVector(r.vector()));
        }
        if (withThumbnail && r.thumbnail() != null) {
            n.put("thumbnail", Base64.getEncoder().encodeToString(r.thumbnail()));
        }
        return n;
    }

    /**
     * A live record from its JSON; {@code encoder} and {@code hasOriginal} are the reading bank's. Throws
     * {@link BadRequestException} naming the first bad field.
     */
    static EntryRecord fromJson(JsonNode n, String encoder, boolean hasOriginal) {
        String thumb = text(n, "thumbnail");
        String vector = text(n, "vector");
        if (vector == null) {
            throw new BadRequestException("vector is missing");
        }
        return new EntryRecord(
                required(n, "id"),
                required(n, "sha256"),
                Label.parse(text(n, "label")),
                text(n, "generator"),
                Family.parse(text(n, "family")),
                text(n, "source"),
                text(n, "note"),
                instant(required(n, "added_at")),
                text(n, "added_by"),
                encoder,
                decodeVector(vector),
                thumb == null ? null : decodeBase64(thumb, "thumbnail"),
                hasOriginal,
                false, null, null, null);
    }

    static String encodeVector(float[] v) {
        ByteBuffer buf = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(v);
        return Base64.getEncoder().encodeToString(buf.array());
    }

    static float[] decodeVector(String base64) {
        byte[] bytes = decodeBase64(base64, "vector");
        if (bytes.length % Float.BYTES != 0) {
            throw new BadRequestException("vector is not a whole number of float32 values");
        }
        float[] v = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }

    static String write(JsonNode n) {
        try {
            return MAPPER.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode parse(String line) {
        try {
            JsonNode n = MAPPER.readTree(line);
            if (n == null || !n.isObject()) {
                throw new BadRequestException("not a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new BadRequestException("malformed JSON: " + e.getOriginalMessage(), e);
        }
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static String required(JsonNode n, String field) {
        String v = text(n, field);
        if (v == null || v.isBlank()) {
            throw new BadRequestException(field + " is missing");
        }
        return v;
    }

    static Instant instant(String iso) {
        try {
            return Instant.parse(iso);
        } catch (DateTimeParseException e) {
            throw new BadRequestException("not an ISO-8601 instant: '" + iso + "'", e);
        }
    }

    static byte[] decodeBase64(String s, String field) {
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(field + " is not valid base64", e);
        }
    }

    private static void putIfPresent(ObjectNode n, String field, String value) {
        if (value != null) {
            n.put(field, value);
        }
    }
}
