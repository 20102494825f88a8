package fakebank.embed;

import fakebank.image.RgbImage;
import fakebank.pipeline.Prefetcher;
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
 * Embeds a stream of inputs in batches. Results come back to the sink on the calling thread, in input order, one
 * per input; an input that fails to load yields a result with its error instead of stopping the run.
 *
 * <p>Two ways to use the cores, same results:
 * <ul>
 * <li>{@link #pipelined pipelined}: a {@link Prefetcher} worker loads and preprocesses the next inputs while
 *     {@code parallelism} inference threads run forward passes, so the decode of image n+1 overlaps the forward
 *     pass of image n on a core the forward passes leave free;</li>
 * <li>{@link #serial serial}: each of {@code parallelism} threads loads, preprocesses and runs the forward pass of
 *     its own batch, one after the other.</li>
 * </ul>
 * The constructor picks: pipelined when the forward passes leave a core free, serial when they already use every
 * core. Then a loader thread could only take CPU from the forward passes, and measured (docs/performance.md
 * section 2) the extra thread cost up to 15% against serial; with a core free the loader decodes for nothing.
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

    /** Decoded and preprocessed ahead of the forward pass; {@code millis} is the time that took. */
    private record Loaded(RgbImage image, float[] input, double millis) {
    }

    private final Encoder encoder;
    private final Preprocessor preprocessor;
    private final int batchSize;
    private final int parallelism;
    private final boolean pipelined;

    /**
     * Pipelined or serial, whichever suits this machine ({@link #pipelines}). {@code parallelism} should not exceed
     * the encoder's predictor pool, or threads just wait for one.
     */
    public BatchEmbedder(Encoder encoder, int batchSize, int parallelism) {
        this(encoder, encoder.preprocessor(), batchSize, parallelism, pipelines(parallelism,
                Runtime.getRuntime().availableProcessors(), Integer.getInteger("ai.djl.pytorch.num_threads", 1)));
    }

    /** True when {@code parallelism} forward passes of {@code torchThreads} threads each leave a core free. */
    static boolean pipelines(int parallelism, int cores, int torchThreads) {
        return (long) parallelism * Math.max(1, torchThreads) < cores;
    }

    /** One loader thread ahead of {@code parallelism} inference threads. */
    public static BatchEmbedder pipelined(Encoder encoder, int batchSize, int parallelism) {
        return new BatchEmbedder(encoder, encoder.preprocessor(), batchSize, parallelism, true);
    }

    private BatchEmbedder(Encoder encoder, Preprocessor preprocessor, int batchSize, int parallelism,
            boolean pipelined) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1");
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
        this.encoder = encoder;
        this.preprocessor = preprocessor;
        this.batchSize = batchSize;
        this.parallelism = parallelism;
        this.pipelined = pipelined;
    }

    /** Each thread loads then embeds its own batch; no loader ahead. */
    public static BatchEmbedder serial(Encoder encoder, int batchSize, int parallelism) {
        return new BatchEmbedder(encoder, encoder.preprocessor(), batchSize, parallelism, false);
    }

    public boolean isPipelined() {
        return pipelined;
    }

    /** The same embedder with another preprocessing (an eval's resize option); the encoder's by default. */
    public BatchEmbedder withPreprocessor(Preprocessor p) {
        return new BatchEmbedder(encoder, p, batchSize, parallelism, pipelined);
    }

    public <T> void run(List<T> items, Loader<T> loader, Consumer<Result<T>> sink) {
        if (pipelined) {
            runPipelined(items, loader, sink);
        } else {
            runSerial(items, loader, sink);
        }
    }

    private <T> void runPipelined(List<T> items, Loader<T> loader, Consumer<Result<T>> sink) {
        // Room for the batch being gathered, one batch per inference thread, and one more: enough that the loader
        // never waits on a forward pass, few enough that memory stays at a handful of decoded images.
        int ahead = batchSize * (parallelism + 2);
        try (Prefetcher<T, Loaded> loaded = new Prefetcher<>(items, item -> load(item, loader), 1, ahead);
                ExecutorService inference = inferencePool()) {
            Deque<Future<List<Result<T>>>> pending = new ArrayDeque<>();
            while (loaded.hasNext()) {
                List<Prefetcher.Outcome<T, Loaded>> batch = new ArrayList<>(batchSize);
                while (batch.size() < batchSize && loaded.hasNext()) {
                    batch.add(loaded.next());
                }
                pending.add(inference.submit(() -> forward(batch)));
                // Hand finished batches over in order; wait only when every inference thread has one queued.
                while (!pending.isEmpty() && (pending.peek().isDone() || pending.size() > parallelism)) {
                    await(pending.poll()).forEach(sink);
                }
            }
            while (!pending.isEmpty()) {
                await(pending.poll()).forEach(sink);
            }
        }
    }

    private <T> Loaded load(T item, Loader<T> loader) throws Exception {
        long start = System.nanoTime();
        RgbImage image = loader.load(item);
        float[] input = preprocessor.apply(image);
        return new Loaded(image, input, (System.nanoTime() - start) / 1e6);
    }

    private <T> List<Result<T>> forward(List<Prefetcher.Outcome<T, Loaded>> batch) {
        List<float[]> inputs = new ArrayList<>(batch.size());
        for (Prefetcher.Outcome<T, Loaded> o : batch) {
            if (o.ok()) {
                inputs.add(o.value().input());
            }
        }
        long start = System.nanoTime();
        float[][] vectors = inputs.isEmpty() ? new float[0][] : encoder.forward(inputs);
        double forwardMs = (System.nanoTime() - start) / 1e6 / batch.size();
        List<Result<T>> out = new ArrayList<>(batch.size());
        int v = 0;
        for (Prefetcher.Outcome<T, Loaded> o : batch) {
            out.add(o.ok() ? new Result<>(o.item(), o.value().image(), vectors[v++], null,
                    o.value().millis() + forwardMs) : new Result<>(o.item(), null, null, o.error(), forwardMs));
        }
        return out;
    }

    private <T> void runSerial(List<T> items, Loader<T> loader, Consumer<Result<T>> sink) {
        try (ExecutorService pool = inferencePool()) {
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

    private ExecutorService inferencePool() {
        return Executors.newFixedThreadPool(parallelism, Thread.ofPlatform().name("embed-", 0).daemon().factory());
    }

    private <T> List<Result<T>> embedBatch(List<T> batch, Loader<T> loader) {
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
        float[][] vectors = inputs.isEmpty() ? new float[0][] : encoder.forward(inputs);
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
