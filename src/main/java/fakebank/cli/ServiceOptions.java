package fakebank.cli;

import fakebank.bank.Bank;
import fakebank.bank.BankOptions;
import fakebank.detect.TrainSettings;
import fakebank.image.ImageLimits;
import fakebank.service.Fakebank;
import fakebank.service.FakebankConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command that opens the service shares; defaults come from {@link FakebankConfig#defaults}. */
final class ServiceOptions {
    @Option(names = "--index", paramLabel = "DIR", description = "Bank folder (default: <home>/index).")
    Path index;

    @Option(names = "--model", paramLabel = "DIR", description = "Model folder with model.json (default: <home>/models/"
            + FakebankConfig.DEFAULT_MODEL + ").")
    Path model;

    @Option(names = "--seed", paramLabel = "FILE",
            description = "Bank file imported into an empty bank (default: <home>/index/" + FakebankConfig.SEED_FILE
                    + "; 'none' to start empty).")
    String seed;

    @Option(names = "--max-pixels", description = "Largest image accepted, in pixels (default: ${DEFAULT-VALUE}).")
    long maxPixels = ImageLimits.DEFAULT_MAX_PIXELS;

    @Option(names = "--max-bytes", description = "Largest file accepted, in bytes (default: ${DEFAULT-VALUE}).")
    long maxBytes = ImageLimits.DEFAULT_MAX_BYTES;

    @Option(names = "--no-originals", description = "Do not keep original bytes (the bank cannot be re-embedded).")
    boolean noOriginals;

    @Option(names = "--quantized", description = "int8 scalar-quantized HNSW for a new bank (rescored in full precision).")
    boolean quantized;

    @Option(names = "--store", paramLabel = "URL", description = "Keep the bank's entries in a SolrCloud collection, "
            + "e.g. solr:http://127.0.0.1:8983/solr/fakebank (comma-separate several nodes' URLs); default: the local "
            + "Lucene index in the bank folder. Without --index, the bank's local files (originals, journal, audit) "
            + "go to <home>/index/stores/<collection>.")
    String store;

    @Option(names = "--predictors", description = "Concurrent model forward passes (default: one per core).")
    Integer predictors;

    @Option(names = "--retrain-share", description = "Retrain in the background once this share of the bank has "
            + "changed (default: ${DEFAULT-VALUE}).")
    double retrainShare = 0.1;

    @Option(names = "--evidence", description = "Closest known images shown with a verdict (default: ${DEFAULT-VALUE}).")
    int evidence = 10;

    @Option(names = "--pdq-distance", description = "PDQ hashes at most this many bits apart match "
            + "(default: ${DEFAULT-VALUE}).")
    int pdqDistance = 31;

    @Option(names = "--copy-candidates", description = "Nearest entries verified as possible copies "
            + "(0 turns copy verification off; default: ${DEFAULT-VALUE}).")
    int copyCandidates = 5;
    @Option(names = "--target-fpr", description = "Most real photos (of unseen subjects, out of fold) the detector "
            + "may call fake (default: ${DEFAULT-VALUE}).")
    double targetFpr = TrainSettings.defaults().targetFpr();

    @Option(names = "--target-miss", description = "Most fakes (of unseen generators, out of fold) the detector "
            + "may call real (default: ${DEFAULT-VALUE}).")
    double targetMiss = TrainSettings.defaults().targetMiss();

    @Option(names = "--novelty-quantile", description = "Share of the bank's own nearest-neighbour similarities "
            + "below which a query is 'novel' and unsure; 0 turns novelty off (default: ${DEFAULT-VALUE}).")
    double noveltyQuantile = TrainSettings.defaults().noveltyQuantile();

    /** The training settings these flags ask for. */
    TrainSettings training() {
        return TrainSettings.defaults().withTargetFpr(targetFpr).withTargetMiss(targetMiss)
                .withNoveltyQuantile(noveltyQuantile);
    }

    FakebankConfig config() {
        FakebankConfig c = FakebankConfig.defaults(FakebankConfig.detectHome());
        if (index != null) {
            c = c.withIndexDir(index.toAbsolutePath());
            c = c.withSeedFile(c.home().resolve("index").resolve(FakebankConfig.SEED_FILE));
        } else if (store != null) {
            // A remote store's local files must not mix with the local bank's journal and manifest.
            c = c.withIndexDir(c.indexDir().resolve("stores").resolve(storeName(store)));
        }
        if (model != null) {
            c = c.withModelDir(model.toAbsolutePath());
        }
        if (seed != null) {
            c = c.withSeedFile("none".equals(seed) ? null : Path.of(seed).toAbsolutePath());
        }
        BankOptions b = c.bank();
        c = c.withBank(new BankOptions(!noOriginals, b.nearDuplicateThreshold(), b.searchWidth(), b.hnswM(),
                b.hnswBeamWidth(), quantized, store));
        c = c.withLimits(new ImageLimits(maxBytes, maxPixels));
        if (predictors != null) {
            c = c.withPredictors(predictors);
        }
        c = c.withEvidence(evidence).withRetrainShare(retrainShare).withTraining(training());
        c = c.withProvenance(c.provenance().withPdqMaxDistance(pdqDistance).withCandidates(copyCandidates)
                .withVerify(copyCandidates > 0));
        return c;
    }

    /** A folder name for a store URL: its collection (the last path segment), made file-name safe. */
    static String storeName(String storeUrl) {
        String first = storeUrl.split(",")[0].replaceAll("/+$", "");
        return first.substring(first.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** Opens the bank for writing: fails with what to do if another process (a server) has it open. */
    Fakebank open() {
        return Fakebank.open(config());
    }

    /**
     * Opens an existing bank read-only (beside a running server, on read-only media); a bank that does not exist
     * yet is created, and seeded, first.
     */
    Fakebank openForReading() {
        FakebankConfig c = config();
        // A remote store has no local lock to avoid: it is opened as usual.
        return Bank.exists(c.indexDir()) && store == null ? Fakebank.openReadOnly(c) : Fakebank.open(c);
    }
}
