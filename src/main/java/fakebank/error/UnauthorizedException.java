package fakebank.error;

/** A missing or wrong API key. */
public final class UnauthorizedException extends FakebankException {
    public UnauthorizedException(String message) {
        super(message);
    }

    public UnauthorizedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int httpStatus() {
        return 401;
    }

    @Override
    public String kind() {
        return "unauthorized";
    }
}
