package fakebank.error;

/**
 * Base of the few typed errors fakebank raises. Each kind maps once to an HTTP status (in {@code api})
 * and to a process exit code (in {@code cli}); messages are written for the person who sent the input.
 */
public abstract class FakebankException extends RuntimeException {
    protected FakebankException(String message) {
        super(message);
    }

    protected FakebankException(String message, Throwable cause) {
        super(message, cause);
    }

    /** HTTP status this error answers with. */
    public abstract int httpStatus();

    /** Short machine-readable kind, used as the problem type and in logs. */
    public abstract String kind();

    /** Process exit code for the CLI: distinct per kind so scripts can branch on it. */
    public int exitCode() {
        return switch (httpStatus()) {
            case 400, 415, 422 -> 3;
            case 404 -> 4;
            case 413 -> 5;
            case 401, 403 -> 6;
            case 409 -> 7;
            default -> 1;
        };
    }
}
