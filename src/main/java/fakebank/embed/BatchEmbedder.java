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
 * Embeds a stream of inputs in batches on {@code parallelism} threads. Each thread decodes, preprocesses and runs
 * the forward pass of its own batch, so on a machine with one single-threaded predictor per core every core is
 * busy all the time (decoding overlaps the other cores' forward passes). Results come back to the sink on the
 * calling thread, in input order, one per input; an input that fails to load yields a result with its error
 * instead of stopping the run.
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

    private final Encoder encoder;
    private final int batchSize;
    private final int parallelism;

    /** {@code parallelism} should not exceed the encoder's predictor pool, or threads just wait for one. */
    public BatchEmbedder(Encoder encoder, int batchSize, int parallelism) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1");
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
        this.encoder = encoder;
        this.batchSize = batchSize;
        this.parallelism = parallelism;
    }

    public <T> void run(List<T> items, Loader<T> loader, Consumer<Result<T>> sink) {
        try (ExecutorService pool = Executors.newFixedThreadPool(parallelism,
                Thread.ofPlatform().name("embed-", 0).daemon().factory())) {
            Deque<Future<List<Result<T>>>> pending = new ArrayDeque<>();
            for (int start = 0; start < items.size(); start += batchSize) {
                List<T> batch = items.subList(start, Math.min(items.size(), start + batchSize));
                pending.add(pool.submit(() -> embedBatch(batch, loader)));
                // Keep one batch queued per thread beyond those running, and hand results over in order.
                while (pending.size() > 2 * parallelism) {
                    await(pending.poll()).forEach(sink);
                }
            }
            while (!pending.isEmpty()) {
                await(pending.poll()).forEach(sink);
            }
        }
    }

    private <T> List<Result<T>> embedBatch(List<T> batch, Loader<T> loader) {
        Preprocessor preprocessor = encoder.preprocessor();
        long start = System.nanoTime();
        RgbImage[] images = new RgbImage[batch.size()];
        Exception[] errors = new Exception[batch.size()];
        List<float[]> inputs = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            try {
                images[i] = loader.load(batch.get(i));
                inputs.add(preprocessor.apply(images[i]));
            } catch (Exception e) {
                images[i] = null;
                errors[i] = e;
            }
        }
        float[][] vectors = encoder.forward(inputs);
        double ms = (System.nanoTime() - start) / 1e6 / batch.size();
        List<Result<T>> out = new ArrayList<>(batch.size());
        int v = 0;
        for (int i = 0; i < batch.size(); i++) {
            out.add(errors[i] == null ? new Result<>(batch.get(i), images[i], vectors[v++], null, ms)
                    : new Result<>(batch.get(i), null, null, errors[i], ms));
        }
        return out;
    }

    private static <T> List<Result<T>> await(Future<List<Result<T>>> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while embedding", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("embedding failed: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
