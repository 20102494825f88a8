package fakebank.bank;

import java.time.Instant;

/** A stored bank entry as readers see it. {@code deleted} entries keep their record but never match. */
public record Entry(
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
        boolean hasThumbnail,
        boolean hasOriginal,
        boolean deleted,
        String deleteReason) {
}
