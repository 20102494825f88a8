package fakebank.bank;

/**
 * What a user says about an image when adding it. {@code generator}, {@code source} and {@code note} may be null;
 * {@code family} defaults to a guess from the generator.
 */
public record EntryMeta(Label label, String generator, Family family, String source, String note, String addedBy) {
    public EntryMeta {
        if (label == null) {
            throw new IllegalArgumentException("label is required");
        }
        generator = blankToNull(generator);
        source = blankToNull(source);
        note = blankToNull(note);
        addedBy = addedBy == null || addedBy.isBlank() ? "anonymous" : addedBy;
        if (family == null) {
            family = label == Label.FAKE ? Family.guess(generator) : Family.UNKNOWN;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
