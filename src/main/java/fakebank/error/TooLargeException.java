package fakebank.error;

/** The upload or image is larger than the configured limit. */
public final class TooLargeException extends FakebankException {
    public TooLargeException(String message) {
        super(message);
    }

    public TooLargeException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int httpStatus() {
        return 413;
    }

    @Override
    public String kind() {
        return "too-large";
    }
}
