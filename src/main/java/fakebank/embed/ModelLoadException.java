package fakebank.embed;

/** A model folder that cannot be used: missing file, bad manifest, checksum mismatch, engine failure. */
public final class ModelLoadException extends RuntimeException {
    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
