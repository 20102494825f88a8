package fakebank.bank;

import java.time.Instant;

/** Optional restrictions on a search; a null field does not restrict. */
public record SearchFilter(Label label, String generator, Family family, Instant addedAfter) {
    public static final SearchFilter NONE = new SearchFilter(null, null, null, null);

    public boolean isEmpty() {
        return label == null && generator == null && family == null && addedAfter == null;
    }
}
