package fakebank.metadata.c2pa;

import java.util.List;

/**
 * What was checked offline for one manifest. Each check is {@code ok}, {@code failed} or {@code not_checked}
 * (with why in {@code failures} or {@code notes}). {@code trust} is never "trusted": without the C2PA trust
 * list (not shipped, not fetched) a valid signature only shows the bytes are as the certificate holder signed them.
 */
public record ManifestCheck(String signature, String assertionHashes, String hardBinding, String trust,
                            List<String> failures, List<String> notes) {
    public static final String OK = "ok";
    public static final String FAILED = "failed";
    public static final String NOT_CHECKED = "not_checked";

    public boolean failed() {
        return !failures.isEmpty();
    }
}
