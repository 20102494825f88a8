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

    /** Edits that make the filler entries: each original banked again as it might have been re-shared. */
    private static final List<String> FILLERS = List.of("crop_80_centre", "colour", "rotate_8", "mirror", "half_size",
            "blur_sigma2", "greyscale", "sticker", "keystone", "crop_60_corner");

    /**
     * Indexes the images (and {@code fill} filler entries, edited variants of them), then votes with each image's
     * re-shared copy per transform. With fillers an image's own variants may rightly take its votes, so a vote
     * counts as found when its winner is the original or one of its variants.
     */
    public static void run(List<Path> files, List<String> transforms, int fill, PrintStream out) {
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
        for (int k = 0; k < fill; k++) {
            int i = k % files.size();
            String edit = FILLERS.get(k / files.size() % FILLERS.size());
            RgbImage variant = CopyTransforms.named(edit).apply().apply(images.get(i), (long) k);
            index.add(files.get(i) + "#" + k, extractor.forEntry(variant));
        }
        out.printf(Locale.ROOT, "keypoint index: %d images indexed in %.0f ms%s%n", index.size(), indexNanos / 1e6,
                fill > 0 ? " (" + fill + " of them edited variants)" : "");
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
                if (!votes.isEmpty() && samePicture(votes.getFirst().sha256(), original)) {
                    first++;
                }
                if (votes.stream().anyMatch(v -> samePicture(v.sha256(), original))) {
                    top3++;
                }
            }
            Arrays.sort(ms);
            out.printf(Locale.ROOT, "%-16s original first %d, in the 3 verified %d, of %d; vote p50 %.2f ms, "
                    + "p99 %.2f ms%n", name, first, top3, files.size(), ms[ms.length / 2],
                    ms[Math.min(ms.length - 1, (int) Math.ceil(0.99 * ms.length) - 1)]);
        }
    }

    private static boolean samePicture(String indexed, String original) {
        return indexed.equals(original) || indexed.startsWith(original + "#");
    }

    private static byte[] read(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
