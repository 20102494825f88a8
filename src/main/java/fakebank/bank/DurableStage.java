package fakebank.bank;

import java.io.UncheckedIOException;
import java.util.List;

/**
 * Makes a change durable before it touches the index: its journal records and audit lines are appended and synced,
 * or, if any of that fails (disk full, fsync error), cut back off both files, so nothing of the change remains and
 * a retry starts clean.
 */
final class DurableStage {
    private DurableStage() {
    }

    /** Throws the first {@link UncheckedIOException} after undoing what was appended. */
    static void write(Journal journal, AuditLog audit, List<String> journalLines, List<String> auditLines) {
        long journalStart = -1;
        long auditStart = -1;
        try {
            if (!journalLines.isEmpty()) {
                journalStart = journal.append(journalLines);
            }
            if (!auditLines.isEmpty()) {
                auditStart = audit.append(auditLines);
            }
            if (journalStart >= 0) {
                journal.sync();
            }
            if (auditStart >= 0) {
                audit.sync();
            }
        } catch (UncheckedIOException e) {
            if (journalStart >= 0) {
                journal.truncateQuietly(journalStart, e);
            }
            if (auditStart >= 0) {
                audit.truncateQuietly(auditStart, e);
            }
            throw e;
        }
    }
}
