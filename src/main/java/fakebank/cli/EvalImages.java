package fakebank.cli;

import fakebank.bank.Family;
import fakebank.bank.LabeledVector;
import fakebank.detect.Verdict;
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
        List<RgbImage> images = new ArrayList<>();
        List<InputFiles.Input> kept = new ArrayList<>();
        List<String> hashes = new ArrayList<>();
        for (InputFiles.Input in : inputs) {
            if (in.label() == null) {
                throw new IllegalArgumentException(in.display() + " has no label: evaluate a real/ + fake/ folder "
                        + "or a manifest");
            }
            try {
                byte[] bytes = Files.readAllBytes(in.path());
                RgbImage image = fakebank.decoder().decode(bytes);
                // Crop, then re-encode: the bias controls take away size, then file format.
                RgbImage cropped = crop == null ? image : ImageTransforms.centreCrop(image, crop);
                images.add(jpeg == null ? cropped : ImageTransforms.jpeg(cropped, jpeg));
                kept.add(in);
                hashes.add(Sha256.hex(bytes));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + in.display(), e);
            } catch (RuntimeException e) {
                System.err.println("skipped: " + in.display() + ": " + Main.message(e));
            }
        }
        List<LabeledVector> data = labelled(kept, hashes, embed(encoder, pre, images));
        Map<String, List<LabeledVector>> views = new LinkedHashMap<>();
        if (robustness) {
            PERTURBATIONS.forEach((name, op) -> views.put(name,
                    labelled(kept, hashes, embed(encoder, pre, images.parallelStream().map(op).toList()))));
        }
        List<LabeledVector> augmented = augment ? augmentedCopies(encoder, pre, kept, hashes, images) : List.of();
        String suffix = (crop == null ? "" : ", centre crop " + crop + " px")
                + (jpeg == null ? "" : ", all images JPEG q" + jpeg)
                + (resize == null ? "" : ", resize " + resize);
        return new EvalImages(data, views, augmented, suffix);
    }

    private static List<LabeledVector> augmentedCopies(Encoder encoder, Preprocessor pre, List<InputFiles.Input> in,
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
        return labelled(owners, ownerHashes, embed(encoder, pre, copies));
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

    /** Embeds in batches of 16, preprocessing in parallel. */
    static float[][] embed(Encoder encoder, Preprocessor pre, List<RgbImage> images) {
        float[][] out = new float[images.size()][];
        for (int start = 0; start < images.size(); start += 16) {
            List<float[]> inputs = images.subList(start, Math.min(images.size(), start + 16)).parallelStream()
                    .map(pre::apply).toList();
            float[][] vectors = encoder.forward(inputs);
            System.arraycopy(vectors, 0, out, start, vectors.length);
        }
        return out;
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
