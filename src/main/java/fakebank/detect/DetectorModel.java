package fakebank.detect;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Everything a {@link Detector} needs besides the bank, as trained by {@link Trainer} from one bank version.
 * Serialises to JSON. When {@code probe} is null (a degenerate bank, see {@link ModelStatus}) the verdict is the
 * kNN vote alone; {@code stacker} is null exactly when {@code probe} is.
 *
 * @param formatVersion JSON layout version, {@link #FORMAT_VERSION} for files this code writes
 * @param note          human-readable summary of what was trained or why not
 * @param bankVersion   {@link KnownImages#version()} of the bank it was trained on
 * @param trainedAt     ISO-8601 instant
 * @param dimension     embedding dimension (0 when the bank was empty)
 * @param vote          kNN vote settings (k, chosen temperature, pseudo-count)
 * @param operatingPoint t_real, t_fake and the reported threshold on the calibrated {@code pFake}
 * @param targetMiss    the miss rate on fakes of unseen generators the real region was chosen for
 * @param novelty       the nearest-neighbour similarity below which a query is too unlike the bank to score
 */
public record DetectorModel(
        int formatVersion,
        ModelStatus status,
        String note,
        long bankVersion,
        String trainedAt,
        int dimension,
        NeighbourVote vote,
        LinearProbe probe,
        Stacker stacker,
        double targetFpr,
        OperatingPoint operatingPoint,
        CvMetrics metrics,
        double targetMiss,
        Novelty novelty) {

    /** 2: two-sided operating point, target miss rate and novelty. An older file is retrained, not read. */
    public static final int FORMAT_VERSION = 2;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public DetectorModel {
        if (status == null || vote == null || operatingPoint == null || metrics == null || novelty == null) {
            throw new IllegalArgumentException("status, vote, operatingPoint, metrics and novelty are required");
        }
        if ((probe == null) != (stacker == null)) {
            throw new IllegalArgumentException("probe and stacker must be both present or both absent");
        }
        if (status == ModelStatus.TRAINED && probe == null) {
            throw new IllegalArgumentException("a TRAINED model needs a probe");
        }
        if (probe != null && probe.dimension() != dimension) {
            throw new IllegalArgumentException("probe dimension " + probe.dimension() + " differs from model dimension "
                    + dimension);
        }
    }

    /** The calibrated probability of fake; {@code pProbe} is ignored (may be NaN) when there is no probe. */
    public double combine(double pKnn, double pProbe) {
        return stacker == null ? pKnn : stacker.pFake(pKnn, pProbe);
    }

    /** Real, fake or unsure for a calibrated {@code pFake}; always unsure when the status cannot commit. */
    public Decision decide(double pFake) {
        return status.canCommit() ? operatingPoint.decide(pFake) : Decision.UNSURE;
    }

    /**
     * What the detector can say at all, in one plain sentence for /v1/stats and the page: whether its scores
     * separate real from fake at the targets on each side.
     */
    public String capability() {
        if (!status.canCommit()) {
            return "The detector is not trained (" + note + "): every verdict not decided by a known image is unsure.";
        }
        String fpr = percent(targetFpr);
        String miss = percent(targetMiss);
        if (!operatingPoint.separates()) {
            return "The scores cannot separate real from fake at the targets (at most " + fpr + " of real photos "
                    + "called fake, at most " + miss + " of fakes from unseen generators called real): every verdict "
                    + "not decided by a known image is unsure.";
        }
        if (!operatingPoint.decidesReal()) {
            return "The scores never call an image real: at most " + miss + " of fakes from unseen generators may be "
                    + "called real, and no cut achieves that. Images are called fake (at most " + fpr + " of real "
                    + "photos) or unsure.";
        }
        if (!operatingPoint.decidesFake()) {
            return "The scores never call an image fake: at most " + fpr + " of real photos may be called fake, and "
                    + "no cut achieves that. Images are called real (at most " + miss + " of fakes from unseen "
                    + "generators) or unsure.";
        }
        return "Fake when p_fake >= " + round(operatingPoint.unsureHigh()) + " (at most " + fpr + " of real photos),"
                + " real when p_fake < " + round(operatingPoint.unsureLow()) + " (at most " + miss + " of fakes from"
                + " unseen generators), unsure between.";
    }

    private static String percent(double share) {
        return String.format(java.util.Locale.ROOT, "%.0f%%", share * 100);
    }

    private static String round(double p) {
        return String.format(java.util.Locale.ROOT, "%.3f", p);
    }

    /** Writes JSON atomically (temporary file, then rename). */
    public void save(Path path) {
        try {
            Path dir = path.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, path.getFileName().toString(), ".tmp");
            try {
                JSON.writeValue(tmp.toFile(), this);
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write detector model to " + path, e);
        }
    }

    public static DetectorModel load(Path path) {
        try {
            DetectorModel model = JSON.readValue(path.toFile(), DetectorModel.class);
            if (model.formatVersion() != FORMAT_VERSION) {
                throw new IllegalArgumentException("detector model " + path + " has format version "
                        + model.formatVersion() + ", this build reads " + FORMAT_VERSION);
            }
            return model;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read detector model from " + path, e);
        }
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
