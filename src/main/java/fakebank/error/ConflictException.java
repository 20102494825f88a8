package fakebank.error;

/** The request clashes with the bank's state (for example a different encoder). */
public final class ConflictException extends FakebankException {
    public ConflictException(String message) {
        super(message);
    }

    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int httpStatus() {
        return 409;
    }

    @Override
    public String kind() {
        return "conflict";
    }
}
