package fakebank.error;

/** Short descriptions of failures for logs and messages: the root cause says what the disk or the parser said. */
public final class Causes {
    private Causes() {
    }

    /** "IOException (No space left on device)" for the innermost cause of {@code t}. */
    public static String root(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return root.getClass().getSimpleName() + (m == null ? "" : " (" + m + ")");
    }
}
