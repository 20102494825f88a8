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

/**
 * Embedding throughput on real images: end-to-end (bytes in memory → decode → preprocess → forward, with decoding
 * overlapped by {@link BatchEmbedder}) against forward-only (the same images preprocessed beforehand), at each
 * batch size. The ratio is what the pipeline costs on top of the model.
 *
 * <p>Run: {@code tools/fakebank bench embed ../shared/devset} (about a minute for 248 images on 2 cores).
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
        try (TorchScriptEncoder encoder = TorchScriptEncoder.open(config.modelDir(), 1)) {
            List<float[]> inputs = new ArrayList<>();
            long d0 = System.nanoTime();
            List<RgbImage> images = new ArrayList<>();
            for (byte[] b : bytes) {
                images.add(decoder.decode(b));
            }
            long d1 = System.nanoTime();
            for (RgbImage image : images) {
                inputs.add(encoder.preprocessor().apply(image));
            }
            long d2 = System.nanoTime();
            images.clear();
            int n = inputs.size();
            out.printf("model %s (dim %d), %d images, %d cores%n", encoder.identity(), encoder.dim(), n,
                    Runtime.getRuntime().availableProcessors());
            out.printf("single-threaded decode %.1f ms/image, preprocess %.1f ms/image%n",
                    (d1 - d0) / 1e6 / n, (d2 - d1) / 1e6 / n);
            forward(encoder, inputs.subList(0, Math.min(n, 32)), 16); // warm-up: first passes allocate and JIT
            out.printf("%-6s %16s %16s %8s%n", "batch", "end-to-end img/s", "forward img/s", "ratio");
            for (int batch : batches) {
                double fwd = n / forward(encoder, inputs, batch);
                double e2e = n / endToEnd(encoder, decoder, bytes, batch);
                out.printf("%-6d %16.1f %16.1f %8.3f%n", batch, e2e, fwd, e2e / fwd);
            }
        }
    }

    private static double forward(TorchScriptEncoder encoder, List<float[]> inputs, int batch) {
        long t0 = System.nanoTime();
        for (int i = 0; i < inputs.size(); i += batch) {
            encoder.forward(inputs.subList(i, Math.min(inputs.size(), i + batch)));
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double endToEnd(TorchScriptEncoder encoder, ImageDecoder decoder, List<byte[]> bytes, int batch) {
        long t0 = System.nanoTime();
        new BatchEmbedder(encoder, batch, 1).run(bytes, decoder::decode, r -> {
            if (!r.ok()) {
                throw new IllegalStateException("bench image failed: " + r.error().getMessage());
            }
        });
        return (System.nanoTime() - t0) / 1e9;
    }
}
