package fakebank.metadata.c2pa;

import java.util.List;

/**
 * The C2PA manifest store of one asset: where it was found, its manifests (the active one, which describes this
 * asset, is last and flagged), and the overall validation: {@code failed} if any manifest failed a check,
 * {@code passed} if every check that can run offline passed, {@code incomplete} if some could not run.
 */
public record C2paReport(String container, String activeManifest, String validation, List<String> failures,
                         List<C2paManifest> manifests, List<String> notes) {
    public static final String PASSED = "passed";
    public static final String FAILED = "failed";
    public static final String INCOMPLETE = "incomplete";

    public C2paManifest active() {
        return manifests.isEmpty() ? null : manifests.getLast();
    }
}
