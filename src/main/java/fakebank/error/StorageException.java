package fakebank.error;

/**
 * The server could not write to (or read from) its own storage: disk full, fsync or commit failure. Not the
 * client's fault; the write did not happen and may be retried once the operator has freed space.
 */
public final class StorageException extends FakebankException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int httpStatus() {
        return 507;
    }

    @Override
    public String kind() {
        return "storage";
    }

    @Override
    public int exitCode() {
        return 8;
    }
}
