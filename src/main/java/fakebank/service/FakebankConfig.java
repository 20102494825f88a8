package fakebank.service;

import fakebank.bank.BankOptions;
import fakebank.detect.TrainSettings;
import fakebank.image.ImageLimits;
import fakebank.provenance.ProvenanceSettings;
import java.nio.file.Path;

/**
 * Every setting of a fakebank instance, in one place, checked once. Defaults are documented in the README; the
 * CLI sets each from a flag.
 *
 * @param home          the project folder holding {@code models/} and {@code index/} (the launcher passes it)
 * @param indexDir      the bank folder (default {@code home/index})
 * @param modelDir      the encoder's model folder (default {@code home/models/<default model>})
 * @param seedFile      the portable bank file imported into an empty bank on first start (may not exist)
 * @param limits        upload size and pixel limits
 * @param bank          bank options (originals, near-duplicate threshold, HNSW settings)
 * @param evidence      how many closest known images a verdict shows
 * @param predictors    concurrent model forward passes (one single-threaded DJL predictor each; default: cores)
 * @param retrainShare  share of the bank that must have changed before the server retrains in the background
 * @param provenance    copy detection: PDQ threshold, candidates verified, inliers needed
 * @param training      how the detector is trained: targets (FPR, miss rate), novelty quantile, folds, grids
 */
public record FakebankConfig(
        Path home,
        Path indexDir,
        Path modelDir,
        Path seedFile,
        ImageLimits limits,
        BankOptions bank,
        int evidence,
        int predictors,
        double retrainShare,
        ProvenanceSettings provenance,
        TrainSettings training) {

    public static final String DEFAULT_MODEL = "mobilenet-v2-140-nsfwjs";
    public static final String SEED_FILE = "seed.fbank.jsonl.gz";

    public FakebankConfig {
        if (evidence < 1 || evidence > 100) {
            throw new IllegalArgumentException("evidence must be between 1 and 100");
        }
        if (predictors < 1) {
            throw new IllegalArgumentException("predictors must be at least 1");
        }
        if (retrainShare <= 0 || retrainShare > 1) {
            throw new IllegalArgumentException("retrainShare must be in (0, 1]");
        }
        if (provenance == null) {
            throw new IllegalArgumentException("provenance settings are required");
        }
        if (training == null) {
            throw new IllegalArgumentException("training settings are required");
        }
    }

    /** Defaults relative to {@code home}: index/, models/&lt;default&gt;/, index/seed file. */
    public static FakebankConfig defaults(Path home) {
        Path h = home.toAbsolutePath().normalize();
        return new FakebankConfig(h, h.resolve("index"), h.resolve("models").resolve(DEFAULT_MODEL),
                h.resolve("index").resolve(SEED_FILE), ImageLimits.defaults(), BankOptions.defaults(), 10,
                Runtime.getRuntime().availableProcessors(), 0.1, ProvenanceSettings.defaults(), TrainSettings.defaults());
    }

    /** The project folder: {@code -Dfakebank.home}, else the working directory. */
    public static Path detectHome() {
        String home = System.getProperty("fakebank.home");
        return Path.of(home != null && !home.isBlank() ? home : ".").toAbsolutePath().normalize();
    }

    public FakebankConfig withIndexDir(Path dir) {
        return new FakebankConfig(home, dir, modelDir, seedFile, limits, bank, evidence, predictors, retrainShare,
                provenance, training);
    }

    public FakebankConfig withModelDir(Path dir) {
        return new FakebankConfig(home, indexDir, dir, seedFile, limits, bank, evidence, predictors, retrainShare,
                provenance, training);
    }

    public FakebankConfig withSeedFile(Path file) {
        return new FakebankConfig(home, indexDir, modelDir, file, limits, bank, evidence, predictors, retrainShare,
                provenance, training);
    }

    public FakebankConfig withLimits(ImageLimits l) {
        return new FakebankConfig(home, indexDir, modelDir, seedFile, l, bank, evidence, predictors, retrainShare,
                provenance, training);
    }

    public FakebankConfig withBank(BankOptions b) {
        return new FakebankConfig(home, indexDir, modelDir, seedFile, limits, b, evidence, predictors, retrainShare,
                provenance, training);
    }

    public FakebankConfig withPredictors(int n) {
        return new FakebankConfig(home, indexDir, modelDir, seedFile, limits, bank, evidence, n, retrainShare,
                provenance, training);
    }

    public FakebankConfig withRetrainShare(double share) {
        return new FakebankConfig(home, indexDir, modelDir, seedFile, limits, bank, evidence, predictors, share,
                provenance, training);
    }

    public FakebankConfig withProvenance(ProvenanceSettings p) {
        return new FakebankConfig(home, indexDir, modelDir, seedFile, limits, bank, evidence, predictors, retrainShare,
                p, training);
    }

    public FakebankConfig withEvidence(int n) {
        return new FakebankConfig(home, indexDir, modelDir, seedFile, limits, bank, n, predictors, retrainShare,
                provenance, training);
    }

    public FakebankConfig withTraining(TrainSettings t) {
        return new FakebankConfig(home, indexDir, modelDir, seedFile, limits, bank, evidence, predictors, retrainShare,
                provenance, t);
    }
}
