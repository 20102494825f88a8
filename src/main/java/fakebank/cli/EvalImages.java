package fakebank.cli;

import fakebank.bank.Family;
import fakebank.bank.LabeledVector;
import fakebank.detect.Verdict;
import fakebank.embed.BatchEmbedder;
import fakebank.embed.Encoder;
import fakebank.embed.PreprocessSpec;
import fakebank.embed.Preprocessor;
import fakebank.eval.OutOfFoldPrediction;
import fakebank.image.ImageTransforms;
import fakebank.image.RgbImage;
import fakebank.service.Fakebank;
import fakebank.hash.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Labelled images embedded for evaluation: the originals, perturbed views of them (aligned by index), augmented
 * training copies on request, and the group of each image (fakes by generator, reals by subject, taken from the
 * source's folder) so cross-validation folds never split a group.
 */
record EvalImages(List<LabeledVector> data, Map<String, List<LabeledVector>> views, List<LabeledVector> augmented,
        String suffix) {

    /** Images per forward pass, as before the pipeline. */
    private static final int BATCH = 16;
    /** The perturbations every robustness table reports. */
    static final Map<String, UnaryOperator<RgbImage>> PERTURBATIONS = perturbations();

    private static Map<String, UnaryOperator<RgbImage>> perturbations() {
        Map<String, UnaryOperator<RgbImage>> m = new LinkedHashMap<>();
        m.put("jpeg q90", i -> ImageTransforms.jpeg(i, 90));
        m.put("jpeg q75", i -> ImageTransforms.jpeg(i, 75));
        m.put("jpeg q50", i -> ImageTransforms.jpeg(i, 50));
        m.put("half size", i -> ImageTransforms.downscale(i, 0.5));
        m.put("blur sigma 1", i -> ImageTransforms.gaussianBlur(i, 1.0));
        return m;
    }

    static EvalImages ofBank(Fakebank fakebank) {
        return new EvalImages(fakebank.liveVectors(), Map.of(), List.of(), "");
    }

    static EvalImages load(Fakebank fakebank, List<InputFiles.Input> inputs, Integer jpeg, Integer crop,
            String resize, boolean robustness, boolean augment) {
        Encoder encoder = fakebank.encoder();
        Preprocessor pre = resize == null ? encoder.preprocessor()
                : new Preprocessor(encoder.preprocessor().spec().withResize(PreprocessSpec.Resize.parse(resize)));
        BatchEmbedder embedder = new BatchEmbedder(encoder, BATCH, fakebank.config().predictors())
                .withPreprocessor(pre);
        for (InputFiles.Input in : inputs) {
            if (in.label() == null) {
                throw new IllegalArgumentException(in.display() + " has no label: evaluate a real/ + fake/ folder "
                        + "or a manifest");
            }
        }
        List<RgbImage> images = new ArrayList<>();
        List<InputFiles.Input> kept = new ArrayList<>();
        List<String> hashes = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        // Read, decode, crop and re-encode on the loader thread, ahead of the forward passes.
        embedder.run(inputs.stream().map(Loading::new).toList(), l -> {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(l.input.path());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + l.input.display(), e);
            }
            l.sha256 = Sha256.hex(bytes);
            RgbImage image = fakebank.decoder().decode(bytes);
            // Crop, then re-encode: the bias controls take away size, then file format.
            RgbImage cropped = crop == null ? image : ImageTransforms.centreCrop(image, crop);
            return jpeg == null ? cropped : ImageTransforms.jpeg(cropped, jpeg);
        }, r -> {
            if (r.ok()) {
                images.add(r.image());
                kept.add(r.item().input);
                hashes.add(r.item().sha256);
                vectors.add(r.vector());
            } else if (r.error() instanceof UncheckedIOException e) {
                throw e; // an unreadable file stops the eval; an undecodable one is skipped
            } else {
                System.err.println("skipped: " + r.item().input.display() + ": " + Main.message(r.error()));
            }
        });
        List<LabeledVector> data = labelled(kept, hashes, vectors.toArray(float[][]::new));
        Map<String, List<LabeledVector>> views = new LinkedHashMap<>();
        if (robustness) {
            PERTURBATIONS.forEach((name, op) -> views.put(name,
                    labelled(kept, hashes, embed(embedder, images, op))));
        }
        List<LabeledVector> augmented = augment ? augmentedCopies(embedder, kept, hashes, images) : List.of();
        String suffix = (crop == null ? "" : ", centre crop " + crop + " px")
                + (jpeg == null ? "" : ", all images JPEG q" + jpeg)
                + (resize == null ? "" : ", resize " + resize);
        return new EvalImages(data, views, augmented, suffix);
    }

    /** An input on its way through the embedder; the loader fills in the hash of its bytes. */
    private static final class Loading {
        final InputFiles.Input input;
        String sha256;

        Loading(InputFiles.Input input) {
            this.input = input;
        }
    }

    private static List<LabeledVector> augmentedCopies(BatchEmbedder embedder, List<InputFiles.Input> in,
            List<String> hashes, List<RgbImage> images) {
        Random random = new Random(11);
        List<RgbImage> copies = new ArrayList<>();
        List<InputFiles.Input> owners = new ArrayList<>();
        List<String> ownerHashes = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            List<RgbImage> perturbed = ImageTransforms.augmentations(images.get(i), random);
            copies.addAll(perturbed);
            for (int copy = 0; copy < perturbed.size(); copy++) {
                owners.add(in.get(i));
                ownerHashes.add(hashes.get(i));
            }
        }
        return labelled(owners, ownerHashes, embed(embedder, copies, UnaryOperator.identity()));
    }

    private static List<LabeledVector> labelled(List<InputFiles.Input> inputs, List<String> hashes,
            float[][] vectors) {
        List<LabeledVector> out = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            InputFiles.Input in = inputs.get(i);
            Family family = in.family() != null ? in.family()
                    : in.label() == fakebank.bank.Label.FAKE ? Family.guess(in.generator()) : Family.UNKNOWN;
            out.add(new LabeledVector(in.display(), vectors[i], in.label(), in.generator(), family,
                    hashes.get(i),
                    in.source() != null ? in.source() : in.display()));
        }
        return out;
    }

    /** {@code op} of every image, embedded in order; {@code op} and preprocessing run ahead of the forward passes. */
    static float[][] embed(BatchEmbedder embedder, List<RgbImage> images, UnaryOperator<RgbImage> op) {
        List<float[]> out = new ArrayList<>(images.size());
        embedder.run(images, op::apply, r -> {
            if (!r.ok()) {
                throw new IllegalStateException("could not embed a transformed image: " + Main.message(r.error()),
                        r.error());
            }
            out.add(r.vector());
        });
        return out.toArray(float[][]::new);
    }

    /** Scores vectors against the service's bank and detector (no training): fold -1 marks "not a fold". */
    List<OutOfFoldPrediction> classify(Fakebank fakebank, List<LabeledVector> vectors) {
        List<OutOfFoldPrediction> out = new ArrayList<>();
        for (LabeledVector v : vectors) {
            Verdict verdict = fakebank.classifyVector(v.vector());
            out.add(new OutOfFoldPrediction(v.id(), v.label(), v.generator(), v.family(), -1, verdict.pFake(),
                    verdict.pFakeKnn(), verdict.pFakeProbe(), verdict.threshold(), verdict.verdict(),
                    verdict.reasonCodes()));
        }
        return out;
    }
}
