package fakebank.bench;

import fakebank.embed.BatchEmbedder;
import fakebank.embed.TorchScriptEncoder;
import fakebank.image.ImageDecoder;
import fakebank.image.RgbImage;
import fakebank.service.FakebankConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Embedding throughput on real images: end-to-end (bytes in memory → decode → preprocess → forward, by
 * {@link BatchEmbedder}) against forward-only (the same images preprocessed beforehand, the same number of
 * predictors running side by side), at each batch size. The ratio is what the pipeline costs on top of the model.
 *
 * <p>Run: {@code tools/fakebank bench embed ../shared/devset} (under a minute for 248 images on 2 cores).
 */
public final class EmbedBench {
    private EmbedBench() {
    }

    public static void run(FakebankConfig config, List<Path> files, List<Integer> batches, PrintStream out) {
        List<byte[]> bytes = new ArrayList<>();
        for (Path f : files) {
            try {
                bytes.add(Files.readAllBytes(f));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        ImageDecoder decoder = new ImageDecoder(config.limits());
        int parallel = config.predictors();
        try (TorchScriptEncoder encoder = TorchScriptEncoder.open(config.modelDir(), parallel)) {
            long d0 = System.nanoTime();
            List<RgbImage> images = new ArrayList<>();
            for (byte[] b : bytes) {
                images.add(decoder.decode(b));
            }
            long d1 = System.nanoTime();
            List<float[]> inputs = new ArrayList<>();
            for (RgbImage image : images) {
                inputs.add(encoder.preprocessor().apply(image));
            }
            long d2 = System.nanoTime();
            images.clear();
            int n = inputs.size();
            out.printf("model %s (dim %d), %d images, %d cores, %d predictors x %s torch thread(s)%n",
                    encoder.identity(), encoder.dim(), n, Runtime.getRuntime().availableProcessors(), parallel,
                    System.getProperty("ai.djl.pytorch.num_threads"));
            out.printf("one thread: decode %.1f ms/image, preprocess %.1f ms/image%n", (d1 - d0) / 1e6 / n,
                    (d2 - d1) / 1e6 / n);
            forward(encoder, inputs.subList(0, Math.min(n, 64)), 4, parallel); // warm-up: allocation, JIT
            out.printf("%-6s %16s %16s %8s%n", "batch", "end-to-end img/s", "forward img/s", "ratio");
            for (int batch : batches) {
                double fwd = n / forward(encoder, inputs, batch, parallel);
                double e2e = n / endToEnd(encoder, decoder, bytes, batch, parallel);
                out.printf("%-6d %16.1f %16.1f %8.3f%n", batch, e2e, fwd, e2e / fwd);
            }
        }
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

    private static double endToEnd(TorchScriptEncoder encoder, ImageDecoder decoder, List<byte[]> bytes, int batch,
            int parallel) {
        long t0 = System.nanoTime();
        new BatchEmbedder(encoder, batch, parallel).run(bytes, decoder::decode, r -> {
            if (!r.ok()) {
                throw new IllegalStateException("bench image failed: " + r.error().getMessage());
            }
        });
        return (System.nanoTime() - t0) / 1e9;
    }
}
