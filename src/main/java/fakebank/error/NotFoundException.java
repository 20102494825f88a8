package fakebank.error;

/** The id or resource does not exist. */
public final class NotFoundException extends FakebankException {
    public NotFoundException(String message) {
        super(message);
    }

    public NotFoundException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int httpStatus() {
        return 404;
    }

    @Override
    public String kind() {
        return "not-found";
    }
}
