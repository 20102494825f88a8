package fakebank.bank;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.apache.lucene.util.IOUtils;

/**
 * Original image bytes, content-addressed: {@code originals/ab/abcdef...} named by their sha256. A file is written
 * to a temporary name, synced, then atomically renamed, so a visible file is always complete. Callers must pass
 * validated lowercase hex digests (they become paths).
 */
final class OriginalStore {
    private final Path root;
    private final String what;

    OriginalStore(Path root) {
        this(root, "original");
    }

    /** A store of other content-addressed blobs; {@code what} names them in errors. */
    OriginalStore(Path root, String what) {
        this.root = root;
        this.what = what;
    }

    private Path pathOf(String sha256) {
        return root.resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    boolean has(String sha256) {
        return Files.exists(pathOf(sha256));
    }

    void put(String sha256, byte[] bytes) {
        Path target = pathOf(sha256);
        if (Files.exists(target)) {
            return;
        }
        Path tmp = null;
        try {
            Files.createDirectories(target.getParent());
            tmp = Files.createTempFile(target.getParent(), sha256, ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            IOUtils.fsync(target.getParent(), true); // makes the rename itself durable
        } catch (FileAlreadyExistsException e) {
            // another writer stored the same content first: same bytes, nothing to do
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + what + " " + sha256, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a stray temp file is harmless
                }
            }
        }
    }

    /** Deletes the bytes of {@code sha256} (a takedown), durably; absent bytes are fine. */
    void delete(String sha256) {
        Path target = pathOf(sha256);
        try {
            if (Files.deleteIfExists(target)) {
                IOUtils.fsync(target.getParent(), true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete original " + sha256, e);
        }
    }

    /** The sha256 of every blob stored (temporary files of unfinished writes are not blobs). */
    java.util.List<String> names() {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (java.util.stream.Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                try (java.util.stream.Stream<Path> files = Files.list(dir)) {
                    files.map(f -> f.getFileName().toString()).filter(n -> n.matches("[0-9a-f]{64}"))
                            .forEach(out::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + what + "s in " + root, e);
        }
        return out;
    }

    Optional<byte[]> get(String sha256) {
        try {
            return Optional.of(Files.readAllBytes(pathOf(sha256)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + what + " " + sha256, e);
        }
    }
}
