package fakebank.bank;

import java.io.Closeable;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** {@code audit.log}: JSON lines {"at","by","action","id","details"}, kept forever, synced with the journal. */
final class AuditLog implements Closeable {
    private final AppendOnlyFile file;

    AuditLog(Path path) {
        this.file = new AppendOnlyFile(path);
    }

    static String line(Instant at, String by, String action, String id, String details) {
        var n = RecordJson.MAPPER.createObjectNode();
        n.put("at", at.toString()).put("by", by).put("action", action);
        if (id != null) {
            n.put("id", id);
        }
        if (details != null) {
            n.put("details", details);
        }
        return RecordJson.write(n);
    }

    /** Appends lines; returns the size before them (see {@link AppendOnlyFile#append(byte[])}). */
    long append(List<String> lines) {
        return file.appendLines(lines);
    }

    void truncateQuietly(long size, Exception failure) {
        file.truncateQuietly(size, failure);
    }

    void sync() {
        file.sync();
    }

    @Override
    public void close() {
        file.close();
    }
}
