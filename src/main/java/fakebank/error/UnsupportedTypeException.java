package fakebank.error;

/** The request's content type or file type is not one fakebank accepts. */
public final class UnsupportedTypeException extends FakebankException {
    public UnsupportedTypeException(String message) {
        super(message);
    }

    public UnsupportedTypeException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int httpStatus() {
        return 415;
    }

    @Override
    public String kind() {
        return "unsupported-type";
    }
}
