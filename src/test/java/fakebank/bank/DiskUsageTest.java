package fakebank.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskUsageTest {
    @TempDir
    Path dir;

    @Test
    void answers_from_memory_until_stale_then_remeasures_in_the_background() throws Exception {
        Files.write(dir.resolve("a"), new byte[1000]);
        Files.createDirectories(dir.resolve("sub"));
        Files.write(dir.resolve("sub/b"), new byte[234]);
        AtomicLong clock = new AtomicLong();
        DiskUsage usage = new DiskUsage(dir, TimeUnit.SECONDS.toNanos(30), clock::get);
        assertEquals(1234, usage.bytes(), "measured when opened, files in subfolders included");

        Files.write(dir.resolve("c"), new byte[66]);
        clock.addAndGet(TimeUnit.SECONDS.toNanos(29));
        assertEquals(1234, usage.bytes(), "fresh enough: no walk, the cached figure");

        clock.addAndGet(TimeUnit.SECONDS.toNanos(2));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long seen = usage.bytes();
        while (seen != 1300 && System.nanoTime() < deadline) {
            Thread.sleep(10);
            seen = usage.bytes();
        }
        assertEquals(1300, seen, "stale: re-measured on a background thread");
    }
}
