package fakebank.embed;

import fakebank.image.RgbImage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Embeds a stream of inputs in batches while the next batch is decoded and preprocessed on worker threads, so
 * decoding overlaps the model's forward pass. Results come back in input order, one per input; an input that
 * fails to load yields a result with its error instead of stopping the run.
 */
public final class BatchEmbedder {
    /** Reads one input into an upright image; throws with a message meant for the user when it cannot. */
    @FunctionalInterface
    public interface Loader<T> {
        RgbImage load(T item) throws Exception;
    }

    /** One input's outcome: {@code vector} and {@code image} are null exactly when {@code error} is not. */
    public record Result<T>(T item, RgbImage image, float[] vector, Exception error, double millis) {
        public boolean ok() {
            return error == null;
        }
    }

    private record Prepared<T>(T item, RgbImage image, float[] input, Exception error, long startNanos) {
    }

    private final Encoder encoder;
    private final int batchSize;
    private final int workers;

    public BatchEmbedder(Encoder encoder, int batchSize, int workers) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1");
        }
        this.encoder = encoder;
        this.batchSize = batchSize;
        this.workers = workers;
    }

    public <T> void run(List<T> items, Loader<T> loader, Consumer<Result<T>> sink) {
        Preprocessor preprocessor = encoder.preprocessor();
        try (ExecutorService pool = Executors.newFixedThreadPool(workers, Thread.ofPlatform().daemon().factory())) {
            Deque<Future<Prepared<T>>> pending = new ArrayDeque<>();
            int next = 0;
            while (next < items.size() || !pending.isEmpty()) {
                // Keep two batches in flight: one being embedded, the next being decoded.
                while (next < items.size() && pending.size() < 2 * batchSize) {
                    T item = items.get(next++);
                    pending.add(pool.submit(() -> prepare(item, loader, preprocessor)));
                }
                List<Prepared<T>> batch = new ArrayList<>(batchSize);
                while (!pending.isEmpty() && batch.size() < batchSize) {
                    batch.add(await(pending.poll()));
                }
                embedBatch(batch, sink);
            }
        }
    }

    private <T> void embedBatch(List<Prepared<T>> batch, Consumer<Result<T>> sink) {
        List<float[]> inputs = new ArrayList<>();
        for (Prepared<T> p : batch) {
            if (p.error == null) {
                inputs.add(p.input);
            }
        }
        float[][] vectors = encoder.forward(inputs);
        int v = 0;
        long now = System.nanoTime();
        for (Prepared<T> p : batch) {
            double ms = (now - p.startNanos) / 1e6;
            sink.accept(p.error == null
                    ? new Result<>(p.item, p.image, vectors[v++], null, ms)
                    : new Result<>(p.item, null, null, p.error, ms));
        }
    }

    private static <T> Prepared<T> prepare(T item, Loader<T> loader, Preprocessor preprocessor) {
        long start = System.nanoTime();
        try {
            RgbImage image = loader.load(item);
            return new Prepared<>(item, image, preprocessor.apply(image), null, start);
        } catch (Exception e) {
            return new Prepared<>(item, null, null, e, start);
        }
    }

    private static <T> Prepared<T> await(Future<Prepared<T>> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while embedding", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("worker failed unexpectedly", e.getCause());
        }
    }
}
