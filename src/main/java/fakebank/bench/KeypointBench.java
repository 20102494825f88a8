package fakebank.bench;

import fakebank.eval.CopyTransforms;
import fakebank.image.ImageDecoder;
import fakebank.image.ImageLimits;
import fakebank.image.ImageTransforms;
import fakebank.image.RgbImage;
import fakebank.provenance.KeypointIndex;
import fakebank.provenance.Signature;
import fakebank.provenance.SignatureExtractor;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The keypoint index alone: every image is indexed, then re-shared with each transform and looked up. Prints how
 * often the original gets the most votes or is among the 3 the provenance step verifies, and the vote's latency.
 */
public final class KeypointBench {
    private KeypointBench() {
    }

    public static void run(List<Path> files, List<String> transforms, PrintStream out) {
        ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults());
        SignatureExtractor extractor = new SignatureExtractor();
        KeypointIndex index = new KeypointIndex();
        List<RgbImage> images = new ArrayList<>();
        long indexNanos = 0;
        for (Path f : files) {
            RgbImage image = decoder.decode(read(f));
            images.add(image);
            Signature s = extractor.forEntry(image);
            long t0 = System.nanoTime();
            index.add(f.toString(), s);
            indexNanos += System.nanoTime() - t0;
        }
        out.printf(Locale.ROOT, "keypoint index: %d images indexed in %.0f ms%n", index.size(), indexNanos / 1e6);
        for (String name : transforms) {
            CopyTransforms.Transform t = CopyTransforms.named(name);
            boolean mirrored = name.startsWith("mirror");
            int first = 0;
            int top3 = 0;
            double[] ms = new double[files.size()];
            for (int i = 0; i < files.size(); i++) {
                RgbImage copy = decoder.decode(ImageTransforms.encodeJpeg(t.apply().apply(images.get(i), (long) i),
                        0.95f));
                Signature query = extractor.forQuery(copy, mirrored);
                long t0 = System.nanoTime();
                List<KeypointIndex.Vote> votes = index.vote(query, 3, 6, Set.of());
                ms[i] = (System.nanoTime() - t0) / 1e6;
                String original = files.get(i).toString();
                if (!votes.isEmpty() && votes.getFirst().sha256().equals(original)) {
                    first++;
                }
                if (votes.stream().anyMatch(v -> v.sha256().equals(original))) {
                    top3++;
                }
            }
            Arrays.sort(ms);
            out.printf(Locale.ROOT, "%-16s original first %d, in the 3 verified %d, of %d; vote p50 %.2f ms, "
                    + "p99 %.2f ms%n", name, first, top3, files.size(), ms[ms.length / 2],
                    ms[Math.min(ms.length - 1, (int) Math.ceil(0.99 * ms.length) - 1)]);
        }
    }

    private static byte[] read(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
