package fakebank.error;

/** A malformed request: missing field, bad value, malformed JSON. */
public final class BadRequestException extends FakebankException {
    public BadRequestException(String message) {
        super(message);
    }

    public BadRequestException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int httpStatus() {
        return 400;
    }

    @Override
    public String kind() {
        return "bad-request";
    }
}
