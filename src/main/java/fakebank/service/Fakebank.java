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
import fakebank.detect.ModelStatus;
import fakebank.detect.Trainer;
import fakebank.error.Causes;
import fakebank.hash.Sha256;
import fakebank.error.StorageException;
import fakebank.detect.Verdict;
import fakebank.embed.ModelManifest;
import fakebank.embed.TorchScriptEncoder;
import fakebank.image.ImageDecoder;
import fakebank.metadata.MetadataReader;
import fakebank.metadata.MetadataReport;
import fakebank.image.RgbImage;
import fakebank.image.Thumbnails;
import fakebank.provenance.HashCsv;
import fakebank.provenance.HashEntry;
import fakebank.provenance.HashList;
import fakebank.provenance.KnownCopy;
import fakebank.provenance.ContentBox;
import fakebank.provenance.PdqHash;
import fakebank.provenance.PdqHasher;
import fakebank.provenance.Provenance;
import fakebank.provenance.Signature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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
    /**
     * Above this many live entries a retrain takes minutes (docs/performance.md, "Training at scale"): commands do
     * not retrain inline (add leaves the detector stale, a command keeps using a stale saved detector), and only the
     * background thread or an explicit {@code train} does.
     */
    public static final long INLINE_RETRAIN_LIMIT = 10_000;
    /** Hash-only entries (PDQ hashes shared by other banks), beside the index. */
    static final String HASHES_FILE = "hashes.jsonl";

    private final FakebankConfig config;
    private final ImageDecoder decoder;
    private final ModelManifest model;
    /** Loaded on first use: reads that need no embedding (stats, get, export) never pay for the native model. */
    private volatile TorchScriptEncoder encoder;
    private final Object encoderLock = new Object();
    private final Bank bank;
    private final DetectorTraining training;
    private final Provenance provenance;
    private final ExecutorService background = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("fakebank-retrain").daemon().factory());
    /** Query-side provenance work (PDQ, keypoints) runs here while the encoder embeds the same image. */
    private final ExecutorService provenanceWork = Executors.newFixedThreadPool(
            Math.max(1, Runtime.getRuntime().availableProcessors()),
            Thread.ofPlatform().name("fakebank-provenance-", 0).daemon().factory());
    private final AtomicBoolean retrainQueued = new AtomicBoolean();
    private final Object retrainLock = new Object();
    private volatile RetrainStatus retrainStatus = RetrainStatus.IDLE;
    private volatile Detector detector;
    private volatile boolean closing;

    private Fakebank(FakebankConfig config, ModelManifest model, Bank bank) {
        this.config = config;
        this.decoder = new ImageDecoder(config.limits(), model.preprocess().minSourceSide());
        this.model = model;
        this.bank = bank;
        this.training = new DetectorTraining(bank, this::encoder, decoder, config.training());
        this.provenance = new Provenance(bank, HashList.open(config.indexDir().resolve(HASHES_FILE)),
                config.provenance(), config.bank().nearDuplicateThreshold());
    }

    /**
     * Opens the bank for writing (creating it if needed) and imports the seed bank into an empty bank. The model
     * loads on first use (or {@link #encoder()}); the detector is loaded (or trained) on first use, or by
     * {@link #warmUp()}.
     */
    public static Fakebank open(FakebankConfig config) {
        ModelManifest model = ModelManifest.load(config.modelDir());
        Bank bank = Bank.open(config.indexDir(), model.identity(), model.dim(), config.bank());
        Fakebank fakebank = new Fakebank(config, model, bank);
        try {
            fakebank.importSeedIfEmpty();
        } catch (RuntimeException e) {
            fakebank.close();
            throw e;
        }
        return fakebank;
    }

    /**
     * Opens an existing bank read-only (see {@link Bank#openReadOnly}): beside a running server, or on read-only
     * media. A detector that is missing or older than the bank is trained in memory and not saved.
     */
    public static Fakebank openReadOnly(FakebankConfig config) {
        ModelManifest model = ModelManifest.load(config.modelDir());
        return new Fakebank(config, model, Bank.openReadOnly(config.indexDir(), model.identity(), model.dim()));
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
     * The detector, loaded from beside the index or trained on first use when there is none, the bank moved by the
     * retrain share since, or the targets changed: commands that only add or search never pay for training.
     */
    private Detector detector() {
        return detector(false);
    }

    /**
     * @param staleInBackground a saved detector older than the bank serves at once while a background retrain
     *                          replaces it (a restarting server answers in seconds, not after a full training)
     */
    private Detector detector(boolean staleInBackground) {
        Detector d = detector;
        if (d != null) {
            return d;
        }
        synchronized (this) {
            if (detector == null) {
                Path file = detectorFile();
                DetectorModel saved = null;
                try {
                    saved = Files.isRegularFile(file) ? DetectorModel.load(file) : null;
                } catch (IllegalArgumentException e) {
                    // an older format (not a damaged file): retrained now, as when there is none
                    LOG.info("retraining: {}", e.getMessage());
                } catch (RuntimeException e) {
                    LOG.warn("the detector file {} cannot be read ({}); verdicts use the kNN vote alone (wide unsure "
                            + "band) until a background retrain replaces it", file, Causes.root(e));
                    detector = newDetector(Trainer.knnOnly("the saved detector was unreadable; kNN vote only until "
                            + "the retrain finishes", -1, model.dim()));
                    queueRetrain();
                    return detector;
                }
                if (saved != null && !needsRetrain(saved) && trainedAsConfigured(saved)) {
                    detector = newDetector(saved);
                } else if (saved != null && !staleInBackground && isLarge() && saved.dimension() == model.dim()) {
                    LOG.warn("the saved detector is from bank version {} (now {}); with {} entries a retrain takes "
                            + "minutes, so this command uses it as it is: run `fakebank train` to bring it up to date",
                            saved.bankVersion(), bank.version(), bank.liveCount());
                    detector = newDetector(saved);
                } else if (saved != null && staleInBackground && saved.dimension() == model.dim()) {
                    LOG.info("the saved detector is from bank version {} (now {}): serving with it while it "
                            + "retrains in the background", saved.bankVersion(), bank.version());
                    detector = newDetector(saved);
                    queueRetrain();
                } else {
                    try {
                        retrain("startup", false);
                    } catch (StorageException e) {
                        // trained and in use; only saving it failed (logged): the next start retrains again
                    }
                }
            }
            return detector;
        }
    }

    /** Whether the bank is past {@link #INLINE_RETRAIN_LIMIT}: retrains then belong in the background or to train. */
    public boolean isLarge() {
        return bank.liveCount() > INLINE_RETRAIN_LIMIT;
    }

    /** Whether a saved model was trained for the configured targets; changed targets need a retrain. */
    private boolean trainedAsConfigured(DetectorModel m) {
        var t = config.training();
        return m.targetFpr() == t.targetFpr() && m.targetMiss() == t.targetMiss()
                && (m.status() != ModelStatus.TRAINED || m.novelty().quantile() == t.noveltyQuantile());
    }

    /** A near copy of a bank entry (the bank's near-duplicate threshold) is decided by that entry's label. */
    private Detector newDetector(DetectorModel model) {
        return new Detector(new BankKnownImages(bank), model, config.bank().nearDuplicateThreshold());
    }

    /**
     * Loads the detector now, so the first request does not wait for it: a saved one older than the bank is used
     * while a background retrain replaces it; with none saved it trains now. Reads the banked signatures into
     * memory for copy detection too.
     */
    public void warmUp() {
        detector(true);
        provenance.warmUp();
    }

    public Path detectorFile() {
        return config.indexDir().resolve(DETECTOR_FILE);
    }

    public FakebankConfig config() {
        return config;
    }

    /** The encoder, loading the native model on first call. */
    public TorchScriptEncoder encoder() {
        TorchScriptEncoder e = encoder;
        if (e != null) {
            return e;
        }
        synchronized (encoderLock) {
            if (closing) {
                throw new IllegalStateException("the service is closing");
            }
            if (encoder == null) {
                encoder = TorchScriptEncoder.open(config.modelDir(), config.predictors());
            }
            return encoder;
        }
    }

    /** The model's description (identity, dimension, preprocessing) without loading it. */
    public ModelManifest model() {
        return model;
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

    /** The detector model if one is loaded already; never waits for loading or training. */
    public Optional<DetectorModel> loadedDetectorModel() {
        Detector d = detector;
        return d == null ? Optional.empty() : Optional.of(d.model());
    }

    /** Decodes (with the configured limits) and embeds one uploaded image. */
    public Embedded embed(byte[] bytes) {
        return embed(bytes, Sha256.hex(bytes));
    }

    private Embedded embed(byte[] bytes, String sha256) {
        long t0 = System.nanoTime();
        RgbImage image = decoder.decode(bytes);
        long t1 = System.nanoTime();
        float[] vector = encoder().embed(image);
        long t2 = System.nanoTime();
        return new Embedded(sha256, image, vector, (t1 - t0) / 1e6, (t2 - t1) / 1e6);
    }

    /**
     * Decodes, then embeds while the provenance step's query side (PDQ hash, keypoints) is computed on another
     * thread, then classifies: the step adds little to a request's latency when a core is free.
     */
    public Classification classify(byte[] bytes) {
        String sha256 = Sha256.hex(bytes);
        MetadataReport metadata = MetadataReader.read(bytes); // from the bytes, before any pixel is decoded
        long t0 = System.nanoTime();
        RgbImage image = decoder.decode(bytes);
        long t1 = System.nanoTime();
        java.util.concurrent.Future<Provenance.Query> query = provenanceWork.submit(() -> provenance.prepare(image));
        float[] vector;
        try {
            vector = encoder().embed(image);
        } catch (RuntimeException ex) {
            query.cancel(true);
            throw ex;
        }
        long t2 = System.nanoTime();
        Embedded e = new Embedded(sha256, image, vector, (t1 - t0) / 1e6, (t2 - t1) / 1e6);
        return classify(e, join(query), metadata);
    }

    private static Provenance.Query join(java.util.concurrent.Future<Provenance.Query> f) {
        try {
            return f.get();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preparing the provenance query", ex);
        } catch (java.util.concurrent.ExecutionException ex) {
            throw ex.getCause() instanceof RuntimeException re ? re : new IllegalStateException(ex.getCause());
        }
    }

    /**
     * The detector's verdict, then the provenance step: a query recognised as a known image (same bytes, near copy,
     * verified copy, PDQ match) is decided by that image's label.
     */
    public Classification classify(Embedded e) {
        return classify(e, null, null);
    }

    /** As {@link #classify(Embedded)}, with what the file's metadata says (read by the caller from its bytes). */
    public Classification classify(Embedded e, MetadataReport metadata) {
        return classify(e, null, metadata);
    }

    private Classification classify(Embedded e, Provenance.Query prepared, MetadataReport metadata) {
        long t0 = System.nanoTime();
        Verdict verdict = detector().classify(e.vector(), config.evidence());
        Optional<KnownCopy> known = prepared != null
                ? provenance.find(prepared, e.sha256(), e.vector(), verdict.matches())
                : provenance.find(e.image(), e.sha256(), e.vector(), verdict.matches());
        if (known.isEmpty() && config.provenance().verify()) {
            known = insideAFrame(e);
        }
        if (known.isPresent()) {
            verdict = verdict.decidedBy(known.get());
        }
        verdict = MetadataEvidence.apply(verdict, metadata);
        double detectMs = (System.nanoTime() - t0) / 1e6;
        return new Classification(e.sha256(), verdict, model.identity(), e.decodeMs(), e.embedMs(), detectMs,
                metadata);
    }

    /**
     * A screenshot or framed re-post of a known image: when nothing matched, the picture inside the frame
     * ({@link ContentBox}) is embedded on its own (a second forward pass, only for framed queries) and looked up
     * again. A frame moves the whole image's embedding so far that the original drops out of the candidates.
     */
    private Optional<KnownCopy> insideAFrame(Embedded e) {
        Optional<int[]> box = ContentBox.find(e.image());
        if (box.isEmpty()) {
            return Optional.empty();
        }
        int[] b = box.get();
        RgbImage inner = fakebank.image.Resampler.crop(e.image(), b[0], b[1], b[2], b[3]);
        float[] vector = encoder().embed(inner);
        return provenance.find(inner, e.sha256(), vector, null)
                .map(k -> k.withinBox(b, e.image().width(), e.image().height()));
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
        String sha = Sha256.hex(bytes);
        Optional<String> existing = bank.idForSha256(sha);
        if (existing.isPresent()) {
            return new AddResult(existing.get(), sha, true, null, null);
        }
        Embedded e = embed(bytes, sha); // hashed once above
        AddResult result = bank.add(entry(e, bytes, meta));
        onBankChanged();
        return result;
    }

    /** Builds what the bank stores for an embedded image, with its provenance signature. */
    public NewEntry entry(Embedded e, byte[] original, EntryMeta meta) {
        return new NewEntry(e.sha256(), e.vector(), Thumbnails.of(e.image()),
                bank.options().keepOriginals() ? original : null, meta,
                provenance.extractor().forEntry(e.image()).toBytes());
    }

    public Provenance provenance() {
        return provenance;
    }

    /** Hash-only entries (imported PDQ hash lists). */
    public HashList hashes() {
        return provenance.hashes();
    }

    /** What an import of a hash list did. */
    public record HashImport(int added, int duplicates, int failed, List<String> errors) {
    }

    /** Adds the hashes of a CSV hash list (see {@link HashCsv}) as hash-only entries; bad rows are reported. */
    public HashImport importHashes(java.io.Reader csv, String by) {
        HashCsv.Parsed parsed = HashCsv.read(csv, by);
        List<HashList.Added> added = provenance.hashes().addAll(parsed.hashes());
        int fresh = (int) added.stream().filter(a -> !a.duplicate()).count();
        bank.audit(by, "import-hashes", "added=" + fresh + " duplicates=" + (added.size() - fresh) + " failed="
                + parsed.errors().size());
        return new HashImport(fresh, added.size() - fresh, parsed.errors().size(),
                parsed.errors().subList(0, Math.min(100, parsed.errors().size())));
    }

    /** Every live entry's PDQ hash (image entries with a stored signature, then hash-only entries). */
    public List<HashCsv.Row> hashRows() {
        List<HashCsv.Row> rows = new ArrayList<>();
        bank.forEachLive(v -> bank.signature(v.sha256()).ifPresent(bytes -> rows.add(new HashCsv.Row(
                Signature.fromBytes(bytes).pdq(), v.label(), v.generator(), v.family(), v.source(), null, v.id()))));
        for (HashEntry h : provenance.hashes().all()) {
            rows.add(new HashCsv.Row(h.pdq(), h.label(), h.generator(), h.family(), h.source(), h.note(), h.id()));
        }
        return rows;
    }

    /** Closest entries by embedding, and hash-only entries whose PDQ hash is within the threshold. */
    public record SearchResult(List<Match> matches, List<HashList.Hit> hashMatches) {
    }

    public SearchResult searchAll(byte[] bytes, int k, SearchFilter filter) {
        // No SHA-256 here: a search neither stores nor reports it.
        RgbImage image = decoder.decode(bytes);
        List<Match> matches = bank.search(encoder().embed(image), k, filter);
        HashList hashes = provenance.hashes();
        if (hashes.size() == 0) {
            return new SearchResult(matches, List.of()); // nothing to compare a PDQ hash with: skip hashing
        }
        PdqHash pdq = PdqHasher.hash(image);
        List<HashList.Hit> hits = hashes.within(pdq, config.provenance().pdqMaxDistance()).stream()
                .filter(h -> filter == null || filter.label() == null || filter.label() == h.entry().label())
                .limit(k).toList();
        return new SearchResult(matches, hits);
    }

    /** Counts of hash-only entries. */
    public record HashStats(long live, java.util.Map<String, Long> byLabel) {
    }

    public HashStats hashStats() {
        java.util.Map<String, Long> byLabel = new java.util.TreeMap<>();
        for (HashEntry h : provenance.hashes().all()) {
            byLabel.merge(h.label().json(), 1L, Long::sum);
        }
        return new HashStats(provenance.hashes().size(), byLabel);
    }

    /** The hash-only entry with this id, if it is one. */
    public Optional<HashEntry> hashEntry(String id) {
        return provenance.hashes().get(id);
    }

    public List<AddResult> addAll(List<NewEntry> entries) {
        List<AddResult> results = bank.addAll(entries);
        onBankChanged();
        return results;
    }

    public Entry get(String id) {
        return bank.require(id);
    }

    /** Removes a bank entry or a hash-only entry. */
    public void remove(String id, String reason, String by) {
        if (provenance.hashes().get(id).isPresent()) {
            provenance.hashes().remove(id, reason, by == null || by.isBlank() ? "anonymous" : by);
            bank.audit(by, "remove-hash", "id=" + id + " reason=" + reason);
            return;
        }
        bank.remove(id, reason, by);
        onBankChanged();
    }

    public Optional<byte[]> thumbnail(String id) {
        bank.require(id);
        return bank.thumbnail(id);
    }

    /** Whether a live entry keeps a thumbnail (seed entries do only where their licence allows); false if unknown. */
    public boolean hasThumbnail(String id) {
        return bank.thumbnail(id).isPresent();
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

    /**
     * Retrains the detector now, swaps it in, and saves it beside the index. If saving fails the new detector is
     * still used and a {@link StorageException} says that it was not saved.
     */
    public synchronized DetectorModel retrain(String by, boolean augment) {
        DetectorModel model = training.train(augment);
        detector = newDetector(model);
        if (bank.readOnly()) {
            return model; // used for this run only: a read-only bank's folder is not ours to write
        }
        try {
            model.save(detectorFile());
        } catch (RuntimeException e) {
            String message = "the detector was retrained and is in use, but could not be saved to " + detectorFile()
                    + ": " + Causes.root(e);
            LOG.error(message, e);
            throw new StorageException(message, e);
        }
        bank.audit(by, "retrain", "bank_version=" + model.bankVersion() + " augment=" + augment);
        return model;
    }

    /**
     * Whether the bank moved by at least the configured share since {@code model} was trained. Below that, the
     * model is used with the live bank: its kNN vote and novelty check already see every new entry, which is how
     * a handful of uploads of a new generator count within seconds, without a full retrain.
     */
    private boolean needsRetrain(DetectorModel model) {
        long changed = Math.abs(bank.version() - model.bankVersion());
        long live = Math.max(1, bank.liveCount());
        return changed >= Math.max(1, Math.round(config.retrainShare() * live));
    }

    /** Queues a background retrain when the bank moved by more than the configured share since training. */
    private void onBankChanged() {
        Detector current = detector;
        if (current == null) {
            return;
        }
        if (needsRetrain(current.model())) {
            queueRetrain();
        }
    }

    private void queueRetrain() {
        requestRetrain("auto", false);
    }

    /**
     * Queues a retrain on the background thread and returns at once; {@link #retrainStatus()} follows it. A request
     * while one is still queued joins it (asking for augmentation upgrades it); one while a retrain runs queues the
     * next. Nothing is queued once the service is closing (the status says so).
     */
    public RetrainStatus requestRetrain(String by, boolean augment) {
        synchronized (retrainLock) {
            if (closing) {
                return retrainStatus;
            }
            if (retrainQueued.get()) {
                RetrainStatus queued = retrainStatus;
                retrainStatus = RetrainStatus.queued(queued.requestedBy(), queued.augment() || augment,
                        queued.requestedAt());
                return retrainStatus;
            }
            retrainQueued.set(true);
            retrainStatus = RetrainStatus.queued(by, augment, Instant.now());
            background.submit(this::runQueuedRetrain);
            return retrainStatus;
        }
    }

    /** The latest retrain request's state: what {@code POST /v1/retrain} callers poll. */
    public RetrainStatus retrainStatus() {
        return retrainStatus;
    }

    private void runQueuedRetrain() {
        RetrainStatus request;
        synchronized (retrainLock) {
            retrainQueued.set(false);
            if (closing) {
                return;
            }
            request = retrainStatus.running(Instant.now());
            retrainStatus = request;
        }
        try {
            DetectorModel model = retrain(request.requestedBy(), request.augment());
            setRetrainStatus(request, request.done(Instant.now(), model.bankVersion()));
        } catch (RuntimeException e) {
            LOG.warn("background retrain failed; keeping the previous detector: {}", e.getMessage());
            setRetrainStatus(request, request.failed(Instant.now(), Causes.root(e)));
        }
    }

    /** Records how a run ended, unless a newer request is already queued (its state is the one to show). */
    private void setRetrainStatus(RetrainStatus run, RetrainStatus end) {
        synchronized (retrainLock) {
            if (retrainStatus == run) {
                retrainStatus = end;
            }
        }
    }

    /**
     * Closes in order: no new retrain starts, a running one finishes (an augmented one is cancelled between images),
     * then the bank commits and closes, and only then the native model is released.
     */
    @Override
    public void close() {
        closing = true;
        training.cancel();
        background.shutdown();
        try {
            if (!background.awaitTermination(2, TimeUnit.MINUTES)) {
                LOG.warn("a retrain still runs after 2 minutes; closing anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        provenanceWork.shutdownNow();
        try {
            bank.close();
        } finally {
            synchronized (encoderLock) {
                if (encoder != null) {
                    encoder.close();
                }
            }
        }
    }
}
