package fakebank.api;

import fakebank.error.BadImageException;
import fakebank.error.OverloadedException;
import fakebank.error.TooLargeException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Bounds model work: at most {@code concurrency} jobs run and at most {@code maxQueue} wait; a request beyond the
 * queue, or one that cannot start and finish within the timeout, gets {@link OverloadedException} (503). Jobs run on
 * {@code concurrency} worker threads that take them straight from the bounded queue, so a worker that finishes one
 * job starts the next without parking (a semaphore in front of an idle pool cost each request two more thread
 * wake-ups). A job that times out before it starts is taken out of the queue and never runs; one that has started
 * keeps its worker until it really ends, so a timed-out request never lets more forward passes run than allowed.
 * Errors a hostile image can provoke in a decoder (out of memory, stack overflow) come back as 413/422 instead of
 * escaping.
 */
final class InferenceGate implements AutoCloseable {
    private final int maxQueue;
    private final Duration timeout;
    private final AtomicInteger running = new AtomicInteger();
    private final ThreadPoolExecutor workers;

    InferenceGate(int concurrency, int maxQueue, Duration timeout) {
        this.maxQueue = maxQueue;
        this.timeout = timeout;
        // no queue at all: a job is accepted only when a worker is free to take it
        BlockingQueue<Runnable> queue = maxQueue == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(maxQueue);
        this.workers = new ThreadPoolExecutor(concurrency, concurrency, 0, TimeUnit.MILLISECONDS, queue,
                Thread.ofPlatform().name("fakebank-inference-", 0).daemon().factory());
        workers.prestartAllCoreThreads(); // a SynchronousQueue hands over only to a worker already waiting
    }

    /** Requests waiting for a worker right now. */
    int queued() {
        return workers.getQueue().size();
    }

    /** Jobs running right now. */
    int running() {
        return running.get();
    }

    /** Runs {@code job} under the limits and returns its result, or throws what it threw (errors translated). */
    <T> T run(Supplier<T> job) {
        long deadline = System.nanoTime() + timeout.toNanos();
        AtomicBoolean claimed = new AtomicBoolean(); // by the worker that starts the job, or by a caller giving up
        Future<T> future;
        try {
            future = workers.submit(() -> {
                if (!claimed.compareAndSet(false, true)) {
                    return null; // its caller has given up and gone
                }
                running.incrementAndGet();
                try {
                    return job.get();
                } finally {
                    running.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            throw new OverloadedException(workers.isShutdown() ? "the server is shutting down"
                    : "the server is busy (" + maxQueue + " requests already waiting); retry shortly");
        }
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            if (withdraw(future, claimed)) {
                throw new OverloadedException("no inference slot became free within " + timeout.toSeconds()
                        + " s; retry later");
            }
            throw new OverloadedException("the request took longer than " + timeout.toSeconds() + " s; retry later");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            withdraw(future, claimed);
            throw new OverloadedException("the request was interrupted");
        } catch (ExecutionException e) {
            throw translate(e.getCause());
        }
    }

    /**
     * Takes a job that has not started out of the queue for good (true); one that has started finishes in the
     * background on its worker (false).
     */
    private boolean withdraw(Future<?> future, AtomicBoolean claimed) {
        if (!claimed.compareAndSet(false, true)) {
            return false;
        }
        workers.remove((Runnable) future);
        return true;
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
