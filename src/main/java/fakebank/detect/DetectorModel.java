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
 * @param operatingPoint threshold and unsure band on the calibrated {@code pFake}
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
        CvMetrics metrics) {

    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public DetectorModel {
        if (status == null || vote == null || operatingPoint == null || metrics == null) {
            throw new IllegalArgumentException("status, vote, operatingPoint and metrics are required");
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
