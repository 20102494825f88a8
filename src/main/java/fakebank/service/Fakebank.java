package fakebank.service;

import fakebank.bank.AddResult;
import fakebank.bank.Bank;
import fakebank.bank.BankStats;
import fakebank.bank.Entry;
import fakebank.bank.EntryMeta;
import fakebank.bank.LabeledVector;
import fakebank.bank.Match;
import fakebank.bank.NewEntry;
import fakebank.bank.SearchFilter;
import fakebank.detect.Detector;
import fakebank.detect.DetectorModel;
import fakebank.detect.Verdict;
import fakebank.embed.TorchScriptEncoder;
import fakebank.image.ImageDecoder;
import fakebank.image.RgbImage;
import fakebank.image.Thumbnails;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one service object: wires image decoding, the encoder, the bank and the detector. The CLI and the HTTP API
 * call only this. Thread-safe; retraining after the bank has changed enough runs on a background thread and
 * swaps the detector in atomically, never on a request's path.
 */
public final class Fakebank implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Fakebank.class);
    static final String DETECTOR_FILE = "detector.json";

    private final FakebankConfig config;
    private final ImageDecoder decoder;
    private final TorchScriptEncoder encoder;
    private final Bank bank;
    private final DetectorTraining training;
    private final ExecutorService background = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("fakebank-retrain").daemon().factory());
    private final AtomicBoolean retrainQueued = new AtomicBoolean();
    private volatile Detector detector;

    private Fakebank(FakebankConfig config, TorchScriptEncoder encoder, Bank bank) {
        this.config = config;
        this.decoder = new ImageDecoder(config.limits(), encoder.preprocessor().spec().minSourceSide());
        this.encoder = encoder;
        this.bank = bank;
        this.training = new DetectorTraining(bank, encoder, decoder);
    }

    /**
     * Opens the encoder and the bank and imports the seed bank into an empty bank. The detector is loaded (or
     * trained) on first use, or by {@link #warmUp()}.
     */
    public static Fakebank open(FakebankConfig config) {
        TorchScriptEncoder encoder = TorchScriptEncoder.open(config.modelDir(), config.predictors());
        Bank bank;
        try {
            bank = Bank.open(config.indexDir(), encoder.identity(), encoder.dim(), config.bank());
        } catch (RuntimeException e) {
            encoder.close();
            throw e;
        }
        Fakebank fakebank = new Fakebank(config, encoder, bank);
        try {
            fakebank.importSeedIfEmpty();
        } catch (RuntimeException e) {
            fakebank.close();
            throw e;
        }
        return fakebank;
    }

    private void importSeedIfEmpty() {
        BankStats stats = bank.stats();
        Path seed = config.seedFile();
        if (stats.live() + stats.deleted() > 0 || seed == null || !Files.isRegularFile(seed)) {
            return;
        }
        var summary = bank.importFile(seed, "seed");
        LOG.info("empty bank: imported seed bank {} ({} entries)", seed, summary.added());
    }

    /**
     * The detector, loaded from beside the index or trained on first use when there is none or the bank moved
     * since: commands that only add or search never pay for training.
     */
    private Detector detector() {
        Detector d = detector;
        if (d != null) {
            return d;
        }
        synchronized (this) {
            if (detector == null) {
                Path file = detectorFile();
                DetectorModel saved = Files.isRegularFile(file) ? DetectorModel.load(file) : null;
                if (saved != null && saved.bankVersion() == bank.version()) {
                    detector = newDetector(saved);
                } else {
                    retrain("startup", false);
                }
            }
            return detector;
        }
    }

    /** A near copy of a bank entry (the bank's near-duplicate threshold) is decided by that entry's label. */
    private Detector newDetector(DetectorModel model) {
        return new Detector(new BankKnownImages(bank), model, config.bank().nearDuplicateThreshold());
    }

    /** Loads or trains the detector now, so the first request does not wait for it. */
    public void warmUp() {
        detector();
    }

    public Path detectorFile() {
        return config.indexDir().resolve(DETECTOR_FILE);
    }

    public FakebankConfig config() {
        return config;
    }

    public TorchScriptEncoder encoder() {
        return encoder;
    }

    public Bank bank() {
        return bank;
    }

    public ImageDecoder decoder() {
        return decoder;
    }

    public DetectorModel detectorModel() {
        return detector().model();
    }

    /** Decodes (with the configured limits) and embeds one uploaded image. */
    public Embedded embed(byte[] bytes) {
        return embed(bytes, Hashing.sha256(bytes));
    }

    private Embedded embed(byte[] bytes, String sha256) {
        long t0 = System.nanoTime();
        RgbImage image = decoder.decode(bytes);
        long t1 = System.nanoTime();
        float[] vector = encoder.embed(image);
        long t2 = System.nanoTime();
        return new Embedded(sha256, image, vector, (t1 - t0) / 1e6, (t2 - t1) / 1e6);
    }

    public Classification classify(byte[] bytes) {
        return classify(embed(bytes));
    }

    public Classification classify(Embedded e) {
        long t0 = System.nanoTime();
        Verdict verdict = detector().classify(e.vector(), config.evidence());
        double detectMs = (System.nanoTime() - t0) / 1e6;
        return new Classification(e.sha256(), verdict, encoder.identity(), e.decodeMs(), e.embedMs(), detectMs);
    }

    /** The verdict for an embedding computed elsewhere (evaluation embeds in bulk). */
    public Verdict classifyVector(float[] vector) {
        return detector().classify(vector, config.evidence());
    }

    public List<Match> search(byte[] bytes, int k, SearchFilter filter) {
        return bank.search(embed(bytes).vector(), k, filter);
    }

    /** Adds an image; an exact duplicate returns the existing id without decoding or embedding again. */
    public AddResult add(byte[] bytes, EntryMeta meta) {
        String sha = Hashing.sha256(bytes);
        Optional<String> existing = bank.idForSha256(sha);
        if (existing.isPresent()) {
            return new AddResult(existing.get(), sha, true, null, null);
        }
        Embedded e = embed(bytes, sha); // hashed once above
        AddResult result = bank.add(entry(e, bytes, meta));
        onBankChanged();
        return result;
    }

    /** Builds what the bank stores for an embedded image. */
    public NewEntry entry(Embedded e, byte[] original, EntryMeta meta) {
        return new NewEntry(e.sha256(), e.vector(), Thumbnails.of(e.image()),
                config.bank().keepOriginals() ? original : null, meta);
    }

    public List<AddResult> addAll(List<NewEntry> entries) {
        List<AddResult> results = bank.addAll(entries);
        onBankChanged();
        return results;
    }

    public Entry get(String id) {
        return bank.require(id);
    }

    public void remove(String id, String reason, String by) {
        bank.remove(id, reason, by);
        onBankChanged();
    }

    public Optional<byte[]> thumbnail(String id) {
        bank.require(id);
        return bank.thumbnail(id);
    }

    public BankStats stats() {
        return bank.stats();
    }

    /** Every live entry with its vector: for maps and evaluation. */
    public List<LabeledVector> liveVectors() {
        List<LabeledVector> all = new ArrayList<>();
        bank.forEachLive(all::add);
        return all;
    }

    /**
     * At most {@code max} live entries, a uniform sample (reservoir sampling with a fixed seed, so the same bank
     * gives the same sample) in bank order; holds only the sample in memory, however large the bank.
     */
    public List<LabeledVector> liveSample(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be positive");
        }
        List<LabeledVector> sample = new ArrayList<>();
        List<Long> order = new ArrayList<>();
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        long[] seen = {0};
        bank.forEachLive(v -> {
            long i = seen[0]++;
            if (i < max) {
                sample.add(v);
                order.add(i);
            } else {
                long j = random.nextLong(i + 1);
                if (j < max) {
                    sample.set((int) j, v);
                    order.set((int) j, i);
                }
            }
        });
        Integer[] byPosition = new Integer[sample.size()];
        for (int i = 0; i < byPosition.length; i++) {
            byPosition[i] = i;
        }
        java.util.Arrays.sort(byPosition, java.util.Comparator.comparingLong(order::get));
        List<LabeledVector> out = new ArrayList<>(byPosition.length);
        for (int i : byPosition) {
            out.add(sample.get(i));
        }
        return out;
    }

    /** Retrains the detector now, saves it beside the index, and swaps it in. */
    public synchronized DetectorModel retrain(String by, boolean augment) {
        DetectorModel model = training.train(augment);
        model.save(detectorFile());
        detector = newDetector(model);
        bank.audit(by, "retrain", "bank_version=" + model.bankVersion() + " augment=" + augment);
        return model;
    }

    /** Queues a background retrain when the bank moved by more than the configured share since training. */
    private void onBankChanged() {
        Detector current = detector;
        if (current == null) {
            return;
        }
        long changed = Math.abs(bank.version() - current.model().bankVersion());
        long live = Math.max(1, bank.liveCount());
        if (changed >= Math.max(1, Math.round(config.retrainShare() * live)) && retrainQueued.compareAndSet(false, true)) {
            background.submit(() -> {
                retrainQueued.set(false);
                try {
                    retrain("auto", false);
                } catch (RuntimeException e) {
                    LOG.warn("background retrain failed; keeping the previous detector: {}", e.getMessage());
                }
            });
        }
    }

    @Override
    public void close() {
        background.shutdownNow();
        try {
            bank.close();
        } finally {
            encoder.close();
        }
    }
}
