package fakebank.error;

/**
 * A program fakebank needs for this request is not installed (ffmpeg/ffprobe for videos): the server's fault, not
 * the sender's, so 501 and exit code 9 rather than a crash.
 */
public final class MissingToolException extends FakebankException {
    public MissingToolException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int httpStatus() {
        return 501;
    }

    @Override
    public String kind() {
        return "missing-tool";
    }

    @Override
    public int exitCode() {
        return 9;
    }
}
