package fakebank.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real small filesystem (a 48 MB tmpfs) for disk-full tests. Mounting needs root on Linux: elsewhere the test is
 * skipped with a message, except in CI, which runs as root and must not skip.
 */
public final class SmallDisk implements AutoCloseable {
    private final Path mountPoint;

    private SmallDisk(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    public static SmallDisk mount(Path dir, int megabytes) {
        boolean linux = System.getProperty("os.name", "").toLowerCase().contains("linux");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!(linux && root)) {
            if (TestPaths.inCi()) {
                fail("the disk-full test needs root on Linux to mount a tmpfs, and CI must run it");
            }
            assumeTrue(false, "skipped: mounting a small tmpfs needs root on Linux");
        }
        run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", dir.toString());
        return new SmallDisk(dir);
    }

    public Path root() {
        return mountPoint;
    }

    /** Writes a filler file until the disk is full; deleting it frees the space again. */
    public Path fill(String name) {
        Path filler = mountPoint.resolve(name);
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException full) {
            // No space left on device: exactly what we wanted
        }
        // the last partial chunk may still fit byte by byte
        try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
            for (int i = 0; i < chunk.length; i++) {
                out.write(0);
                out.flush();
            }
        } catch (IOException full) {
            // full to the last byte
        }
        return filler;
    }

    /** Makes the filesystem read-only, as a bank on read-only media would be. */
    public void remountReadOnly() {
        run("mount", "-o", "remount,ro", mountPoint.toString());
    }

    @Override
    public void close() {
        run("umount", "-l", mountPoint.toString());
    }

    private static void run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
