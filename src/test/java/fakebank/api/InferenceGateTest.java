package fakebank.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fakebank.error.BadImageException;
import fakebank.error.OverloadedException;
import fakebank.error.TooLargeException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class InferenceGateTest {
    @Test
    void a_request_beyond_the_queue_is_turned_away_at_once() throws Exception {
        // own threads: the common pool may have a single worker on a small machine
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try (InferenceGate gate = new InferenceGate(1, 1, Duration.ofSeconds(10))) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Integer> running = CompletableFuture.supplyAsync(() -> gate.run(() -> {
                started.countDown();
                await(release);
                return 1;
            }), clients);
            assertTrue(started.await(5, TimeUnit.SECONDS));
            CompletableFuture<Integer> queued = CompletableFuture.supplyAsync(() -> gate.run(() -> 2), clients);
            waitUntil(() -> gate.queued() == 1);
            long t0 = System.nanoTime();
            assertThrows(OverloadedException.class, () -> gate.run(() -> 3));
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(1), "no waiting");
            release.countDown();
            assertEquals(1, running.get(5, TimeUnit.SECONDS));
            assertEquals(2, queued.get(5, TimeUnit.SECONDS));
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void a_job_that_outlives_the_timeout_is_503_and_keeps_its_slot_until_it_ends() throws Exception {
        try (InferenceGate gate = new InferenceGate(1, 4, Duration.ofMillis(200))) {
            CountDownLatch release = new CountDownLatch(1);
            assertThrows(OverloadedException.class, () -> gate.run(() -> {
                await(release);
                return 0;
            }));
            assertEquals(1, gate.running(), "still running in the background");
            assertThrows(OverloadedException.class, () -> gate.run(() -> 1), "no free slot meanwhile");
            release.countDown();
            waitUntil(() -> gate.running() == 0);
            assertEquals(5, gate.run(() -> 5));
        }
    }

    @Test
    void a_request_that_times_out_in_the_queue_leaves_it_and_never_runs() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(1);
        try (InferenceGate gate = new InferenceGate(1, 1, Duration.ofMillis(600))) {
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> gate.run(() -> {
                await(release);
                return 1;
            }), clients);
            waitUntil(() -> gate.running() == 1);
            AtomicBoolean ran = new AtomicBoolean();
            assertThrows(OverloadedException.class, () -> gate.run(() -> {
                ran.set(true);
                return 2;
            }));
            assertEquals(0, gate.queued(), "its place in the queue is free again");
            release.countDown();
            assertThrows(java.util.concurrent.ExecutionException.class, () -> first.get(5, TimeUnit.SECONDS),
                    "the first request timed out too, while its job ran on");
            waitUntil(() -> gate.running() == 0);
            assertEquals(5, gate.run(() -> 5));
            assertFalse(ran.get(), "a job whose caller gave up never runs");
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void decoder_errors_become_413_and_422() {
        try (InferenceGate gate = new InferenceGate(1, 1, Duration.ofSeconds(5))) {
            assertThrows(TooLargeException.class, () -> gate.run(() -> {
                throw new OutOfMemoryError("Java heap space");
            }));
            assertThrows(BadImageException.class, () -> gate.run(() -> {
                throw new StackOverflowError();
            }));
            assertEquals(7, gate.run(() -> 7), "the gate still works");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached");
            }
            Thread.sleep(10);
        }
    }
}
