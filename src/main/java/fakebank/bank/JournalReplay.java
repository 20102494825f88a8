package fakebank.bank;

import java.util.HashMap;
import java.util.Map;

/**
 * Re-applies journaled changes the index lacks: adds not yet there, removals of entries still live (whose originals
 * and provenance signatures are purged again, in case the crash came between the journal and the delete). Idempotent: a change already in
 * the index is skipped, so replaying twice, or after a commit that beat the journal truncation, changes nothing.
 */
final class JournalReplay {
    /** How many changes were applied, and whether one was a removal (its thumbnail needs a purge merge). */
    record Result(int applied, boolean removed) {
    }

    private JournalReplay() {
    }

    static Result apply(Iterable<Journal.Change> changes, EntryStore index, OriginalStore... purged) {
        Map<String, EntryRecord> replayed = new HashMap<>();
        int applied = 0;
        boolean removed = false;
        for (Journal.Change change : changes) {
            switch (change) {
                case Journal.Add a -> {
                    String id = a.record().id();
                    if (!replayed.containsKey(id) && !index.exists(id)) {
                        index.put(a.record());
                        replayed.put(id, a.record());
                        applied++;
                    }
                }
                case Journal.Remove r -> {
                    EntryRecord current = replayed.containsKey(r.id()) ? replayed.get(r.id())
                            : index.byId(r.id(), false).orElse(null);
                    if (current != null) {
                        for (OriginalStore store : purged) {
                            store.delete(current.sha256());
                        }
                    }
                    if (current != null && !current.deleted()) {
                        EntryRecord tomb = current.tombstone(r.reason(), r.by(), r.at());
                        index.put(tomb);
                        replayed.put(r.id(), tomb);
                        removed = true;
                        applied++;
                    }
                }
            }
        }
        return new Result(applied, removed);
    }
}
