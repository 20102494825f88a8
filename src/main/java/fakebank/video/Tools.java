package fakebank.video;

import fakebank.error.MissingToolException;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts ffmpeg/ffprobe with no stdin; a program that is not installed becomes a {@link MissingToolException}. */
final class Tools {
    private static final Logger LOG = LoggerFactory.getLogger(Tools.class);

    private Tools() {
    }

    static Process start(List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(
                new java.io.File("/dev/null")));
        try {
            return pb.start();
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("no such file") || m.contains("error=2") || m.contains("cannot run program")) {
                String program = command.getFirst();
                LOG.error("cannot run {}: {} (install ffmpeg, e.g. apt-get install ffmpeg, or pass --ffmpeg)",
                        program, e.getMessage());
                throw new MissingToolException("video support needs " + program + ", which is not installed "
                        + "on this machine (install ffmpeg, e.g. apt-get install ffmpeg, or pass --ffmpeg PATH)", e);
            }
            throw new java.io.UncheckedIOException("cannot start " + command.getFirst() + ": " + e.getMessage(), e);
        }
    }

    /** Kills a process and waits briefly for it, so no decoder outlives its request. */
    static void kill(Process p) {
        p.destroyForcibly();
        try {
            p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
