package fakebank.service;

import fakebank.bank.Bank;
import fakebank.bank.LabeledVector;
import fakebank.detect.DetectorModel;
import fakebank.detect.TrainSettings;
import fakebank.detect.Trainer;
import fakebank.embed.Encoder;
import fakebank.image.ImageDecoder;
import fakebank.image.ImageTransforms;
import fakebank.image.RgbImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Gathers what the detector trains on: every live bank vector, and on request embeddings of perturbed copies of
 * the originals (JPEG q60-95, blur sigma 0-2, downscale 0.5-1), as UnivFD and its successors do, so the probe
 * does not learn one compression or resolution as "fake".
 */
final class DetectorTraining {
    private final Bank bank;
    private final java.util.function.Supplier<Encoder> encoder;
    private final ImageDecoder decoder;
    private final TrainSettings settings;

    DetectorTraining(Bank bank, java.util.function.Supplier<Encoder> encoder, ImageDecoder decoder,
            TrainSettings settings) {
        this.bank = bank;
        this.encoder = encoder;
        this.decoder = decoder;
        this.settings = settings;
    }

    private volatile boolean cancelled;

    /** Stops an augmented training between images (at shutdown): the retrain then fails instead of finishing. */
    void cancel() {
        cancelled = true;
    }

    DetectorModel train(boolean augment) {
        long version = bank.version();
        List<LabeledVector> data = new ArrayList<>();
        bank.forEachLive(data::add);
        List<LabeledVector> extra = augment ? augmented(data) : List.of();
        return Trainer.train(data, extra, settings, version);
    }

    private List<LabeledVector> augmented(List<LabeledVector> data) {
        Random random = new Random(7);
        List<LabeledVector> out = new ArrayList<>();
        for (LabeledVector v : data) {
            if (cancelled) {
                throw new java.util.concurrent.CancellationException("retrain cancelled: the service is closing");
            }
            Optional<byte[]> original = bank.original(v.id());
            if (original.isEmpty()) {
                continue;
            }
            RgbImage image;
            try {
                image = decoder.decode(original.get());
            } catch (RuntimeException e) {
                continue; // an original that no longer decodes simply gets no augmented copies
            }
            List<RgbImage> copies = ImageTransforms.augmentations(image, random);
            float[][] vectors = encoder.get().embed(copies);
            for (float[] vector : vectors) {
                out.add(v.withVector(vector));
            }
        }
        return out;
    }
}
