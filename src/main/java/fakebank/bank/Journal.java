package fakebank.bank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code journal.log}: one framed JSON record per acknowledged change not yet in a Lucene commit. Records are
 * synced before a write returns, replayed on open, and the file is emptied after each commit. Replay is idempotent: a change
 * already in the index is skipped.
 */
final class Journal implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

    sealed interface Change permits Add, Remove {
    }

    record Add(EntryRecord record) implements Change {
    }

    record Remove(String id, String reason, String by, Instant at) implements Change {
    }

    private final AppendOnlyFile file;

    Journal(Path path) {
        this.file = new AppendOnlyFile(path);
    }

    static String line(Change change) {
        ObjectNode n;
        switch (change) {
            case Add a -> {
                n = RecordJson.MAPPER.createObjectNode().put("op", "add");
                n.setAll(RecordJson.toJson(a.record(), true));
                n.put("encoder", a.record().encoder());
                n.put("has_original", a.record().hasOriginal());
            }
            case Remove r -> {
                n = RecordJson.MAPPER.createObjectNode().put("op", "remove").put("id", r.id());
                n.put("reason", r.reason()).put("by", r.by()).put("at", r.at().toString());
            }
        }
        return RecordJson.write(n);
    }

    /**
     * The changes on disk, oldest first. A torn, partial or corrupt record is skipped with a warning (it was never
     * acknowledged: a write returns only after its records are synced), never fatal, and never takes the next
     * record with it (see {@link JournalFrames}).
     */
    List<Change> read() {
        JournalFrames.Read frames = JournalFrames.read(file.readAll());
        if (frames.skipped() > 0) {
            LOG.warn("{}: skipped {} torn or corrupt stretch(es) (a write stopped part-way; such a change was "
                    + "never acknowledged)", file.path(), frames.skipped());
        }
        List<Change> changes = new ArrayList<>(frames.payloads().size());
        for (int i = 0; i < frames.payloads().size(); i++) {
            try {
                changes.add(parse(RecordJson.parse(frames.payloads().get(i))));
            } catch (RuntimeException e) {
                LOG.warn("{}: skipping unreadable record {}: {}", file.path(), i + 1, e.getMessage());
            }
        }
        return changes;
    }

    private static Change parse(JsonNode n) {
        String op = RecordJson.required(n, "op");
        return switch (op) {
            case "add" -> new Add(RecordJson.fromJson(n, RecordJson.text(n, "encoder"),
                    n.path("has_original").asBoolean(false)));
            case "remove" -> new Remove(RecordJson.required(n, "id"), RecordJson.text(n, "reason"),
                    RecordJson.text(n, "by"), RecordJson.instant(RecordJson.required(n, "at")));
            default -> throw new IllegalArgumentException("unknown op '" + op + "'");
        };
    }

    /** Appends framed records; returns the size before them, to cut back to if the write is undone. */
    long append(List<String> records) {
        return file.append(JournalFrames.frame(records));
    }

    void truncateQuietly(long size, Exception failure) {
        file.truncateQuietly(size, failure);
    }

    void sync() {
        file.sync();
    }

    long size() {
        return file.size();
    }

    void truncate() {
        file.truncate();
    }

    @Override
    public void close() {
        file.close();
    }
}
