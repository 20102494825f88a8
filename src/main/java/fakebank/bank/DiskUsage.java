package fakebank.bank;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bytes a folder takes on disk, for stats and health, without walking the folder on the caller's thread: measured
 * once when the bank opens, then re-measured on a background thread when a reader finds the figure older than
 * {@code maxAgeNanos}. The figure can lag a write by that long; walking a 100k-file bank on every {@code /health}
 * or metrics scrape cost more than the answer is worth. Thread-safe.
 */
final class DiskUsage {
    private static final Logger LOG = LoggerFactory.getLogger(DiskUsage.class);

    private final Path dir;
    private final long maxAgeNanos;
    private final LongSupplier clock;
    private final AtomicBoolean measuring = new AtomicBoolean();
    private volatile long bytes;
    private volatile long measuredAt;

    DiskUsage(Path dir, long maxAgeNanos, LongSupplier clock) {
        this.dir = dir;
        this.maxAgeNanos = maxAgeNanos;
        this.clock = clock;
        this.bytes = walk(dir);
        this.measuredAt = clock.getAsLong();
    }

    /** The latest measurement; starts a background re-measure when it is stale (never waits for it). */
    long bytes() {
        if (clock.getAsLong() - measuredAt > maxAgeNanos && measuring.compareAndSet(false, true)) {
            Thread.ofVirtual().name("bank-disk-usage").start(() -> {
                try {
                    bytes = walk(dir);
                    measuredAt = clock.getAsLong();
                } catch (RuntimeException e) {
                    LOG.warn("cannot measure {}: {}", dir, e.toString());
                } finally {
                    measuring.set(false);
                }
            });
        }
        return bytes;
    }

    static long walk(Path dir) {
        long[] total = {0};
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    total[0] += attrs.size();
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // Lucene deletes merged-away files while we walk
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure " + dir, e);
        }
        return total[0];
    }
}
