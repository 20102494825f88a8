package fakebank.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fakebank.image.ImageDecoder;
import fakebank.image.ImageLimits;
import fakebank.image.RgbImage;
import fakebank.testing.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The prefetcher on the committed test images, decoded by the service's decoder. */
class PrefetcherTest {
    private static final Path IMAGES = TestPaths.projectDir().resolve("src/test/resources/images");
    private final ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults());

    /** Good and bad files interleaved, three rounds: more items than any window below. */
    private static List<Path> files() {
        List<Path> out = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (String name : List.of("rgb.jpg", "truncated.jpg", "rgb.png", "progressive.jpg", "not-an-image.txt",
                    "exif-orientation-6.jpg", "rgb.webp", "bomb.png", "palette.png", "gray16.png")) {
                out.add(IMAGES.resolve(name));
            }
        }
        return out;
    }

    private RgbImage decode(Path p) throws Exception {
        return decoder.decode(Files.readAllBytes(p));
    }

    @Test
    void outcomesComeInInputOrderWithEachErrorInItsPlace() throws Exception {
        List<Path> files = files();
        try (Prefetcher<Path, RgbImage> p = new Prefetcher<>(files, this::decode, 3, 4)) {
            for (Path f : files) {
                assertTrue(p.hasNext());
                Prefetcher.Outcome<Path, RgbImage> o = p.next();
                assertEquals(f, o.item());
                RgbImage expected = null;
                Exception expectedError = null;
                try {
                    expected = decode(f);
                } catch (Exception e) {
                    expectedError = e;
                }
                if (expectedError == null) {
                    assertTrue(o.ok(), f + ": " + o.error());
                    assertEquals(expected.width(), o.value().width(), f.toString());
                    assertEquals(expected.height(), o.value().height(), f.toString());
                    assertTrue(java.util.Arrays.equals(expected.pixels(), o.value().pixels()), f.toString());
                } else {
                    assertFalse(o.ok(), f + " should fail");
                    assertNull(o.value());
                    assertEquals(expectedError.getClass(), o.error().getClass(), f.toString());
                    assertEquals(expectedError.getMessage(), o.error().getMessage(), f.toString());
                }
            }
            assertFalse(p.hasNext());
            assertThrows(java.util.NoSuchElementException.class, p::next);
        }
    }

    @Test
    void workersStayAtMostAheadItemsBeforeTheConsumer() throws Exception {
        List<Path> files = files();
        AtomicInteger decoded = new AtomicInteger();
        int ahead = 3;
        try (Prefetcher<Path, RgbImage> p = new Prefetcher<>(files, f -> {
            decoded.incrementAndGet();
            return decode(f);
        }, 2, ahead)) {
            // The consumer is away: the workers fill the window and stop there.
            awaitCount(decoded, ahead);
            Thread.sleep(300);
            assertEquals(ahead, decoded.get(), "decoded while nobody took anything");
            assertEquals(ahead, p.started());
            for (int taken = 1; taken <= files.size(); taken++) {
                p.next();
                assertTrue(p.started() <= taken + ahead, "started " + p.started() + " after taking " + taken);
                if (taken == 5) {
                    awaitCount(decoded, Math.min(files.size(), taken + ahead));
                    Thread.sleep(200);
                    assertEquals(taken + ahead, decoded.get(), "one more item per item taken, no more");
                }
            }
        }
        assertEquals(files.size(), decoded.get(), "every item decoded exactly once");
    }

    @Test
    void anErrorThatIsNotAnExceptionReachesTheConsumerAtItsItem() throws Exception {
        List<Path> files = files().subList(0, 6);
        Path poisoned = files.get(3);
        try (Prefetcher<Path, RgbImage> p = new Prefetcher<>(files, f -> {
            if (f.equals(poisoned)) {
                throw new StackOverflowError("deeply nested");
            }
            return decode(f);
        }, 2, 4)) {
            for (int i = 0; i < 3; i++) {
                assertEquals(files.get(i), p.next().item());
            }
            StackOverflowError e = assertThrows(StackOverflowError.class, p::next);
            assertEquals("deeply nested", e.getMessage());
        }
    }

    @Test
    void closeCancelsWorkInProgressAndStopsTheWorkers() throws Exception {
        List<Path> files = files();
        CountDownLatch started = new CountDownLatch(2);
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger interrupted = new AtomicInteger();
        Prefetcher<Path, RgbImage> p = new Prefetcher<>(files, f -> {
            calls.incrementAndGet();
            started.countDown();
            try {
                Thread.sleep(60_000); // a decode that would hold the worker for a minute
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                throw e;
            }
            return decode(f);
        }, 2, 4);
        assertTrue(started.await(10, TimeUnit.SECONDS));
        long t0 = System.nanoTime();
        p.close();
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10), "close waited for the sleeping workers");
        assertEquals(2, interrupted.get(), "both running items were interrupted");
        assertEquals(2, calls.get(), "nothing started after close");
        assertFalse(p.hasNext());
        assertInstanceOf(IllegalStateException.class, assertThrows(RuntimeException.class, p::next));
        p.close(); // twice is fine
    }

    @Test
    void refusesAWindowSmallerThanTheWorkers() {
        assertThrows(IllegalArgumentException.class, () -> new Prefetcher<>(files(), this::decode, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> new Prefetcher<>(files(), this::decode, 3, 2));
    }

    private static void awaitCount(AtomicInteger n, int target) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (n.get() < target && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(n.get() >= target, "only " + n.get() + " of " + target + " started within 30 s");
    }
}
