package fakebank.error;

/** The bytes are not a video fakebank can read (broken, truncated, empty, endless, or of an unsupported type). */
public final class BadVideoException extends FakebankException {
    public BadVideoException(String message) {
        super(message);
    }

    public BadVideoException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int httpStatus() {
        return 422;
    }

    @Override
    public String kind() {
        return "bad-video";
    }
}
