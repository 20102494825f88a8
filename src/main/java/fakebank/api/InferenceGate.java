package fakebank.api;

import fakebank.error.BadImageException;
import fakebank.error.OverloadedException;
import fakebank.error.TooLargeException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Bounds model work: at most {@code concurrency} jobs run and at most {@code maxQueue} wait; a request beyond the
 * queue, or one that cannot start and finish within the timeout, gets {@link OverloadedException} (503). A job runs
 * on a worker thread and holds its permit until it really ends, so a timed-out request never lets more forward
 * passes run than allowed. Errors a hostile image can provoke in a decoder (out of memory, stack overflow) come
 * back as 413/422 instead of escaping.
 */
final class InferenceGate implements AutoCloseable {
    private final Semaphore permits;
    private final int maxQueue;
    private final Duration timeout;
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final ExecutorService workers;

    InferenceGate(int concurrency, int maxQueue, Duration timeout) {
        this.permits = new Semaphore(concurrency, true);
        this.maxQueue = maxQueue;
        this.timeout = timeout;
        // as many threads as permits: a job is only submitted while holding one
        this.workers = Executors.newFixedThreadPool(concurrency,
                Thread.ofPlatform().name("fakebank-inference-", 0).daemon().factory());
    }

    /** Requests waiting for a permit right now. */
    int queued() {
        return queued.get();
    }

    /** Jobs running right now. */
    int running() {
        return running.get();
    }

    /** Runs {@code job} under the limits and returns its result, or throws what it threw (errors translated). */
    <T> T run(Supplier<T> job) {
        long deadline = System.nanoTime() + timeout.toNanos();
        acquire();
        Future<T> future;
        try {
            future = workers.submit(() -> {
                running.incrementAndGet();
                try {
                    return job.get();
                } finally {
                    running.decrementAndGet();
                    permits.release();
                }
            });
        } catch (RejectedExecutionException e) {
            permits.release();
            throw new OverloadedException("the server is shutting down");
        }
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // the job finishes in the background and then frees its permit
            throw new OverloadedException("the request took longer than " + timeout.toSeconds() + " s; retry later");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OverloadedException("the request was interrupted");
        } catch (ExecutionException e) {
            throw translate(e.getCause());
        }
    }

    private void acquire() {
        try {
            if (permits.tryAcquire(0, TimeUnit.NANOSECONDS)) {
                return; // a free slot: no queueing at all
            }
            if (queued.incrementAndGet() > maxQueue) {
                queued.decrementAndGet();
                throw new OverloadedException("the server is busy (" + maxQueue + " requests already waiting); retry shortly");
            }
            boolean acquired;
            try {
                acquired = permits.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } finally {
                queued.decrementAndGet();
            }
            if (!acquired) {
                throw new OverloadedException("no inference slot became free within " + timeout.toSeconds() + " s; retry later");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OverloadedException("the request was interrupted");
        }
    }

    static RuntimeException translate(Throwable t) {
        return switch (t) {
            case RuntimeException r -> r;
            case OutOfMemoryError oom -> new TooLargeException("the image needs more memory to decode than this server allows");
            case StackOverflowError so -> new BadImageException("the image is malformed (its structure is too deeply nested)");
            default -> new IllegalStateException("inference failed: " + t, t);
        };
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
