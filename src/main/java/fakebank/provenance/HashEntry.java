package fakebank.provenance;

import fakebank.bank.Family;
import fakebank.bank.Label;
import java.time.Instant;

/** A hash-only bank entry: a PDQ hash someone shared, with its label and where it came from; no pixels. */
public record HashEntry(String id, PdqHash pdq, Label label, String generator, Family family, String source,
        String note, Instant addedAt, String addedBy) {
}
