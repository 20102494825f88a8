package fakebank.pipeline;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs a step (read, decode, preprocess) over a list of items on worker threads ahead of one consumer (the
 * inference loop), which takes the outcomes in input order. So the next items are decoded while the current one is
 * in the model's forward pass.
 *
 * <p>Back-pressure: at most {@code ahead} items are in work or done but not yet taken; the workers idle when the
 * consumer falls behind, so memory stays bounded by {@code ahead} decoded items whatever the list's length. An
 * {@link Exception} from the step becomes that item's outcome, in its place, and the run goes on; an {@link Error}
 * (out of memory, stack overflow) is rethrown to the consumer by {@link #next()}. {@link #close()} cancels what is
 * still in work and waits for the workers to stop. Used by one consumer thread at a time.
 */
public final class Prefetcher<I, O> implements Iterator<Prefetcher.Outcome<I, O>>, AutoCloseable {
    /** The work done ahead for one item; throws with a message meant for the user when the item is bad. */
    @FunctionalInterface
    public interface Step<I, O> {
        O apply(I item) throws Exception;
    }

    /** One item's outcome: {@code value} is null exactly when {@code error} is not. */
    public record Outcome<I, O>(I item, O value, Exception error) {
        public boolean ok() {
            return error == null;
        }
    }

    private final List<I> items;
    private final Step<I, O> step;
    private final int ahead;
    private final ExecutorService workers;
    private final Deque<Future<Outcome<I, O>>> inWork = new ArrayDeque<>();
    private int submitted;
    private int taken;
    private boolean closed;

    /**
     * Starts working on the first {@code ahead} items at once.
     *
     * @param workers threads running the step (one keeps a single decoder busy beside the inference threads)
     * @param ahead   most items in work or waiting to be taken, at least {@code workers}
     */
    public Prefetcher(List<I> items, Step<I, O> step, int workers, int ahead) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        if (ahead < workers) {
            throw new IllegalArgumentException("ahead (" + ahead + ") must be at least workers (" + workers + ")");
        }
        this.items = List.copyOf(items);
        this.step = step;
        this.ahead = ahead;
        this.workers = Executors.newFixedThreadPool(workers, Thread.ofPlatform().name("prefetch-", 0).daemon()
                .factory());
        fill();
    }

    /** Items submitted to the step so far (taken, in work or waiting): at most {@code taken + ahead}. */
    public synchronized int started() {
        return submitted;
    }

    @Override
    public synchronized boolean hasNext() {
        return !closed && taken < items.size();
    }

    /** The next item's outcome in input order, waiting for it when it is not ready yet. */
    @Override
    public Outcome<I, O> next() {
        Future<Outcome<I, O>> head;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the prefetcher is closed");
            }
            if (taken >= items.size()) {
                throw new NoSuchElementException("all " + items.size() + " items were taken");
            }
            head = inWork.poll();
            taken++;
            fill(); // a slot is free: the workers go on while the consumer waits for the head
        }
        try {
            return head.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the next item", e);
        } catch (ExecutionException e) {
            // only a Throwable that is not an Exception gets here: the step's exceptions are outcomes
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("the prefetch step failed: " + e.getCause(), e.getCause());
        }
    }

    private void fill() {
        while (submitted < items.size() && inWork.size() < ahead) {
            I item = items.get(submitted++);
            inWork.add(workers.submit(() -> run(item)));
        }
    }

    private Outcome<I, O> run(I item) {
        try {
            return new Outcome<>(item, step.apply(item), null);
        } catch (Exception e) {
            return new Outcome<>(item, null, e);
        }
    }

    /** Cancels the items still in work (interrupting their threads) and waits for the workers to stop. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            // the pool stops first, so that a worker freed by a cancelled item cannot start a queued one before
            // that one is cancelled too (cancelling in order let a third item start: a flaky test)
            workers.shutdownNow();
            inWork.forEach(f -> f.cancel(true));
            inWork.clear();
        }
        try {
            if (!workers.awaitTermination(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException("prefetch workers did not stop within a minute");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
