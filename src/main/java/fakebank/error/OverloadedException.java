package fakebank.error;

/** The server is at capacity; retry later. */
public final class OverloadedException extends FakebankException {
    public OverloadedException(String message) {
        super(message);
    }

    public OverloadedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int httpStatus() {
        return 503;
    }

    @Override
    public String kind() {
        return "overloaded";
    }
}
