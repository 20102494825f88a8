package fakebank.error;

/** A key that is valid but may not do this. */
public final class ForbiddenException extends FakebankException {
    public ForbiddenException(String message) {
        super(message);
    }

    public ForbiddenException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int httpStatus() {
        return 403;
    }

    @Override
    public String kind() {
        return "forbidden";
    }
}
