package fakebank.bench;

import fakebank.embed.BatchEmbedder;
import fakebank.embed.TorchScriptEncoder;
import fakebank.image.ImageDecoder;
import fakebank.image.RgbImage;
import fakebank.service.FakebankConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Embedding throughput on real images: end-to-end (bytes in memory → decode → preprocess → forward, by
 * {@link BatchEmbedder}) against forward-only (the same images preprocessed beforehand, the same number of
 * predictors running side by side), at each batch size. The ratio is what the pipeline costs on top of the model.
 * End-to-end is measured twice: pipelined (a loader thread decoding ahead of the inference threads) and serial
 * (each thread decodes then embeds its own batch: the figure older runs printed); {@code product_uses} says which
 * of the two bulk commands pick with these settings ({@link BatchEmbedder}).
 *
 * <p>{@code cpu_ceiling} is the best ratio any arrangement can reach when every predictor has a core of its own
 * and forward-only keeps them all busy: forward CPU time / (forward + decode + preprocess CPU time) per image.
 *
 * <p>Decoding is timed twice on one thread: at full size by ImageIO (the path before libjpeg-turbo) and by the
 * decoder the service uses (large JPEGs at reduced scale when libjpeg-turbo is installed); end-to-end uses the
 * latter.
 *
 * <p>{@code repeat} runs the throughput passes (forward-only, end-to-end, serial) over the image list that many
 * times in a row, the same bytes each time (each pass still decodes every image it embeds), so that a pass lasts
 * long enough to compare with a load generator's run of several seconds: {@code tools/bench-overhead} uses it.
 *
 * <p>{@link #stream} is the reference side of {@code tools/bench-overhead-sliced}: only the serial path, for as long
 * as asked, one line per image as it is done.
 *
 * <p>Run: {@code tools/fakebank bench embed ../shared/devset} (under a minute for 248 images on 2 cores); with
 * {@code --json}, one line per batch size.
 */
public final class EmbedBench {
    private EmbedBench() {
    }

    public static void run(FakebankConfig config, List<Path> files, List<Integer> batches, int repeat, boolean json,
            PrintStream out) {
        if (repeat < 1) {
            throw new IllegalArgumentException("--repeat must be at least 1, not " + repeat);
        }
        List<byte[]> bytes = readAll(files);
        int parallel = config.predictors();
        try (TorchScriptEncoder encoder = TorchScriptEncoder.open(config.modelDir(), parallel)) {
            ImageDecoder full = new ImageDecoder(config.limits());
            ImageDecoder decoder = new ImageDecoder(config.limits(), encoder.preprocessor().spec().minSourceSide());
            int n = bytes.size();
            decodeMs(decoder, bytes.subList(0, Math.min(n, 8))); // warm-up: class loading, JIT
            double fullMs = decodeMs(full, bytes);
            double decodeMs = decodeMs(decoder, bytes);
            long d1 = System.nanoTime();
            List<float[]> inputs = new ArrayList<>();
            for (byte[] b : bytes) {
                inputs.add(encoder.preprocessor().apply(decoder.decode(b)));
            }
            double preprocessMs = (System.nanoTime() - d1) / 1e6 / n - decodeMs;
            String mode = decoder.scaledJpeg() ? "scaled" : "full";
            if (!json) {
                out.printf("model %s (dim %d), %d images (x%d in the timed passes), %d cores, %d predictors x %s torch "
                        + "thread(s)%n", encoder.identity(), encoder.dim(), n, repeat,
                        Runtime.getRuntime().availableProcessors(), parallel,
                        System.getProperty("ai.djl.pytorch.num_threads"));
                out.printf(Locale.ROOT, "one thread: decode %.1f ms/image at full size (ImageIO), %.1f ms/image as "
                        + "the service decodes (%s JPEG decode), preprocess %.1f ms/image%n", fullMs, decodeMs,
                        mode, preprocessMs);
            }
            forward(encoder, inputs.subList(0, Math.min(n, 64)), 4, parallel); // warm-up: allocation, JIT
            // what add, classify, embed and eval do with these settings
            String productUses = new BatchEmbedder(encoder, 1, parallel).isPipelined() ? "pipelined" : "serial";
            if (!json) {
                out.printf("end-to-end: a loader thread ahead of the forward passes; serial: each thread decodes, then "
                        + "embeds; bulk commands here use %s%n", productUses);
                out.printf("%-6s %16s %12s %14s %8s %8s %12s%n", "batch", "end-to-end img/s", "serial img/s",
                        "forward img/s", "ratio", "serial", "cpu ceiling");
            }
            List<float[]> timedInputs = repeated(inputs, repeat);
            List<byte[]> timedBytes = repeated(bytes, repeat);
            int timed = timedBytes.size();
            for (int batch : batches) {
                double fwd = timed / forward(encoder, timedInputs, batch, parallel);
                double e2e = timed / endToEnd(BatchEmbedder.pipelined(encoder, batch, parallel), decoder, timedBytes);
                long cpu0 = processCpuNanos();
                double serial = timed / endToEnd(BatchEmbedder.serial(encoder, batch, parallel), decoder, timedBytes);
                // CPU per image of the whole process (native forward-pass threads, GC and JIT too): unlike img/s it
                // hardly moves when other jobs take cores, so it compares with a server's CPU per request
                double serialCpuMs = (processCpuNanos() - cpu0) / 1e6 / timed;
                // CPU milliseconds of one image's forward pass while every predictor runs (one core each)
                double forwardCpuMs = parallel * 1000.0 / fwd;
                double ceiling = forwardCpuMs / (forwardCpuMs + decodeMs + preprocessMs);
                if (json) {
                    out.printf(Locale.ROOT, "{\"batch\": %d, \"images\": %d, \"repeat\": %d, \"predictors\": %d, "
                            + "\"product_uses\": \"%s\", \"decode\": \"%s\", "
                            + "\"decode_full_ms\": %.1f, \"decode_ms\": %.1f, \"preprocess_ms\": %.1f, "
                            + "\"forward_cpu_ms\": %.1f, \"end_to_end_img_s\": %.1f, \"serial_img_s\": %.1f, "
                            + "\"serial_cpu_ms\": %.2f, "
                            + "\"forward_img_s\": %.1f, \"ratio\": %.3f, \"serial_ratio\": %.3f, "
                            + "\"cpu_ceiling\": %.3f}%n", batch, n, repeat, parallel, productUses, mode, fullMs, decodeMs,
                            preprocessMs, forwardCpuMs, e2e, serial, serialCpuMs, fwd, e2e / fwd, serial / fwd, ceiling);
                } else {
                    out.printf(Locale.ROOT, "%-6d %16.1f %12.1f %14.1f %8.3f %8.3f %12.3f%n", batch, e2e, serial, fwd,
                            e2e / fwd, serial / fwd, ceiling);
                }
            }
        }
    }

    /**
     * After a short warm-up, embeds {@code files} round-robin by the serial path at batch 1 (each predictor
     * decodes, then embeds: what a server's inference slot does per upload) for {@code seconds}, and prints one JSON
     * line per image as it is handed over: {@code {"t_ms": wall-clock epoch ms, "images": done so far}}. The lines
     * carry the time so that a driver that freezes this process (SIGSTOP) and thaws it in turn with a server can
     * count the images done in each of its own windows; the warm-up prints nothing.
     */
    public static void stream(FakebankConfig config, List<Path> files, double seconds, PrintStream out) {
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("--stream must be a positive number of seconds, not " + seconds);
        }
        List<byte[]> bytes = readAll(files);
        int parallel = config.predictors();
        try (TorchScriptEncoder encoder = TorchScriptEncoder.open(config.modelDir(), parallel)) {
            ImageDecoder decoder = new ImageDecoder(config.limits(), encoder.preprocessor().spec().minSourceSide());
            BatchEmbedder serial = BatchEmbedder.serial(encoder, 1, parallel);
            // a short warm-up (class loading, the predictors' first allocations); the JIT takes thousands of images,
            // which the driver gives this process before it starts timing
            endToEnd(serial, decoder, repeated(bytes, Math.max(1, 16 / bytes.size())));
            long deadline = System.nanoTime() + (long) (seconds * 1e9);
            long[] done = {0};
            // Round-robin without end: the sink stops the run when time is up.
            List<byte[]> endless = new AbstractList<>() {
                @Override
                public byte[] get(int i) {
                    return bytes.get(i % bytes.size());
                }

                @Override
                public int size() {
                    return Integer.MAX_VALUE;
                }
            };
            try {
                serial.run(endless, decoder::decode, r -> {
                    if (!r.ok()) {
                        throw new IllegalStateException("bench image failed: " + r.error().getMessage());
                    }
                    out.printf(Locale.ROOT, "{\"t_ms\": %d, \"images\": %d}%n", System.currentTimeMillis(), ++done[0]);
                    out.flush();
                    if (System.nanoTime() > deadline) {
                        throw new TimeUp();
                    }
                });
            } catch (TimeUp expected) {
                // the only way out of an endless list
            }
        }
    }

    /** Thrown by the stream's sink to end its endless run. */
    private static final class TimeUp extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TimeUp() {
            super(null, null, false, false);
        }
    }

    private static List<byte[]> readAll(List<Path> files) {
        List<byte[]> bytes = new ArrayList<>();
        for (Path f : files) {
            try {
                bytes.add(Files.readAllBytes(f));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (bytes.isEmpty()) {
            throw new IllegalArgumentException("no images to benchmark");
        }
        return bytes;
    }

    /** {@code list} {@code times} times in a row: the same elements, not copies. */
    static <T> List<T> repeated(List<T> list, int times) {
        List<T> all = new ArrayList<>(list.size() * times);
        for (int i = 0; i < times; i++) {
            all.addAll(list);
        }
        return all;
    }

    /** CPU time of this process so far, every thread included. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Mean milliseconds to decode each image once on this thread. */
    private static double decodeMs(ImageDecoder decoder, List<byte[]> bytes) {
        long t0 = System.nanoTime();
        for (byte[] b : bytes) {
            decoder.decode(b);
        }
        return (System.nanoTime() - t0) / 1e6 / bytes.size();
    }

    /** Seconds to run every batch through {@code parallel} predictors at once. */
    private static double forward(TorchScriptEncoder encoder, List<float[]> inputs, int batch, int parallel) {
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(parallel)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i += batch) {
                List<float[]> slice = inputs.subList(i, Math.min(inputs.size(), i + batch));
                futures.add(pool.submit(() -> encoder.forward(slice)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("forward pass failed", e);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double endToEnd(BatchEmbedder embedder, ImageDecoder decoder, List<byte[]> bytes) {
        long t0 = System.nanoTime();
        embedder.run(bytes, decoder::decode, r -> {
            if (!r.ok()) {
                throw new IllegalStateException("bench image failed: " + r.error().getMessage());
            }
        });
        return (System.nanoTime() - t0) / 1e9;
    }
}
