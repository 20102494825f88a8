package fakebank.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fakebank.bank.EntryMeta;
import fakebank.bank.Family;
import fakebank.bank.Label;
import fakebank.error.NotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hash-only entries ({@code hashes.jsonl} in the bank folder): an append-only log of adds and removals, synced
 * before a call returns, held in memory and matched by a linear Hamming scan (about 1 ms per 100k hashes; the
 * reference's multi-index hashing would be the next step for millions). Thread-safe.
 */
public final class HashList {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private volatile Map<String, HashEntry> live;

    private HashList(Path file, Map<String, HashEntry> live) {
        this.file = file;
        this.live = live;
    }

    /** Opens (or starts) the list stored in {@code file}; a torn last line from a crash is skipped. */
    public static HashList open(Path file) {
        Map<String, HashEntry> live = new LinkedHashMap<>();
        if (Files.isRegularFile(file)) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode n;
                    try {
                        n = JSON.readTree(line);
                    } catch (IOException e) {
                        continue; // a torn write; the add never returned
                    }
                    if ("remove".equals(n.path("op").asText())) {
                        live.remove(n.path("id").asText());
                    } else {
                        HashEntry e = fromJson(n);
                        live.put(e.id(), e);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the hash list " + file, e);
            }
        }
        return new HashList(file, live);
    }

    /** One hash to add. */
    public record NewHash(PdqHash pdq, EntryMeta meta) {
    }

    /** The id given to an added hash, or the id of the same hash and label already here. */
    public record Added(String id, boolean duplicate) {
    }

    /** Adds hashes in one durable append; the same hash with the same label again is a duplicate. */
    public synchronized List<Added> addAll(List<NewHash> hashes) {
        Map<String, HashEntry> next = new LinkedHashMap<>(live);
        Map<String, String> byKey = new java.util.HashMap<>();
        next.values().forEach(e -> byKey.put(key(e.pdq(), e.label()), e.id()));
        List<Added> out = new ArrayList<>();
        StringBuilder lines = new StringBuilder();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (NewHash h : hashes) {
            String existing = byKey.get(key(h.pdq(), h.meta().label()));
            if (existing != null) {
                out.add(new Added(existing, true));
                continue;
            }
            String id;
            do {
                id = "h" + HexFormat.of().toHexDigits(RANDOM.nextLong()).substring(1);
            } while (next.containsKey(id));
            EntryMeta m = h.meta();
            HashEntry e = new HashEntry(id, h.pdq(), m.label(), m.generator(), m.family(), m.source(), m.note(), now,
                    m.addedBy());
            next.put(id, e);
            byKey.put(key(e.pdq(), e.label()), id);
            lines.append(toJson(e)).append('\n');
            out.add(new Added(id, false));
        }
        append(lines.toString());
        live = next;
        return out;
    }

    public synchronized void remove(String id, String reason, String by) {
        if (!live.containsKey(id)) {
            throw new NotFoundException("no hash-only entry with id " + id);
        }
        ObjectNode n = JSON.createObjectNode().put("op", "remove").put("id", id).put("reason", reason)
                .put("by", by).put("at", Instant.now().toString());
        append(n + "\n");
        Map<String, HashEntry> next = new LinkedHashMap<>(live);
        next.remove(id);
        live = next;
    }

    public Optional<HashEntry> get(String id) {
        return Optional.ofNullable(live.get(id));
    }

    public List<HashEntry> all() {
        return List.copyOf(live.values());
    }

    public int size() {
        return live.size();
    }

    /** The closest live hash within {@code maxDistance} bits, if any; low-quality query hashes never match. */
    public Optional<Hit> nearest(PdqHash query, int maxDistance) {
        if (query.quality() < PdqHash.MIN_QUALITY) {
            return Optional.empty();
        }
        Hit best = null;
        for (HashEntry e : live.values()) {
            int d = e.pdq().distance(query);
            if (d <= maxDistance && (best == null || d < best.distance())) {
                best = new Hit(e, d);
            }
        }
        return Optional.ofNullable(best);
    }

    /** Every live hash within {@code maxDistance} bits, closest first. */
    public List<Hit> within(PdqHash query, int maxDistance) {
        if (query.quality() < PdqHash.MIN_QUALITY) {
            return List.of();
        }
        List<Hit> hits = new ArrayList<>();
        for (HashEntry e : live.values()) {
            int d = e.pdq().distance(query);
            if (d <= maxDistance) {
                hits.add(new Hit(e, d));
            }
        }
        hits.sort(java.util.Comparator.comparingInt(Hit::distance).thenComparing(h -> h.entry().id()));
        return hits;
    }

    /** A hash-only entry and its distance to a query. */
    public record Hit(HashEntry entry, int distance) {
    }

    private static String key(PdqHash h, Label label) {
        return h.hex() + "/" + label.json();
    }

    private void append(String text) {
        if (text.isEmpty()) {
            return;
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the hash list " + file, e);
        }
    }

    private static String toJson(HashEntry e) {
        ObjectNode n = JSON.createObjectNode().put("op", "add").put("id", e.id()).put("pdq", e.pdq().hex())
                .put("quality", e.pdq().quality()).put("label", e.label().json()).put("family", e.family().json())
                .put("added_at", e.addedAt().toString());
        putIf(n, "generator", e.generator());
        putIf(n, "source", e.source());
        putIf(n, "note", e.note());
        putIf(n, "added_by", e.addedBy());
        return n.toString();
    }

    private static HashEntry fromJson(JsonNode n) {
        return new HashEntry(n.path("id").asText(), PdqHash.parse(n.path("pdq").asText(), n.path("quality").asInt(100)),
                Label.parse(n.path("label").asText()), text(n, "generator"), Family.parse(n.path("family").asText()),
                text(n, "source"), text(n, "note"), Instant.parse(n.path("added_at").asText()), text(n, "added_by"));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static void putIf(ObjectNode n, String field, String value) {
        if (value != null) {
            n.put(field, value);
        }
    }
}
