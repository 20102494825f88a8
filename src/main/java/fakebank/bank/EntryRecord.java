package fakebank.bank;

import java.time.Instant;

/**
 * Everything the bank knows about one entry, as journal lines, bank files and index documents carry it.
 * {@code vector} is null for tombstones (they must never match) and when a reader did not ask for it;
 * {@code thumbnail} may be null.
 */
record EntryRecord(
        String id,
        String sha256,
        Label label,
        String generator,
        Family family,
        String source,
        String note,
        Instant addedAt,
        String addedBy,
        String encoder,
        float[] vector,
        byte[] thumbnail,
        boolean hasOriginal,
        boolean deleted,
        String deleteReason,
        Instant deletedAt,
        String deletedBy) {

    Entry toEntry() {
        return new Entry(id, sha256, label, generator, family, source, note, addedAt, addedBy, encoder,
                thumbnail != null, hasOriginal, deleted, deleteReason);
    }

    Match toMatch(float similarity) {
        return new Match(id, similarity, label, generator, family, source, sha256);
    }

    /** Hands over this record's vector array: call only on a record whose vector nobody else holds. */
    LabeledVector toLabeledVector() {
        return new LabeledVector(id, vector, label, generator, family, sha256, source);
    }

    /** The record a removal leaves behind: same metadata, deleted, and no vector, thumbnail or original. */
    EntryRecord tombstone(String reason, String by, Instant at) {
        return new EntryRecord(id, sha256, label, generator, family, source, note, addedAt, addedBy, encoder, null,
                null, false, true, reason, at, by);
    }
}
