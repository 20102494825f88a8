package fakebank.error;

/** The bytes are not an image fakebank can read (broken, truncated, empty or of an unsupported type). */
public final class BadImageException extends FakebankException {
    public BadImageException(String message) {
        super(message);
    }

    public BadImageException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int httpStatus() {
        return 422;
    }

    @Override
    public String kind() {
        return "bad-image";
    }
}
