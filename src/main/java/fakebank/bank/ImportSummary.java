package fakebank.bank;

import java.util.List;

/**
 * Outcome of {@link Bank#importFile}: entries added, entries already here (same bytes or same id), entries refused
 * (bad line, bad vector, id taken by another image), and messages for the refused ones (the first 100).
 */
public record ImportSummary(int added, int duplicates, int failed, List<String> errors) {
    public ImportSummary {
        errors = List.copyOf(errors);
    }
}
