package fakebank.bank;

import fakebank.error.BadRequestException;
import fakebank.error.ConflictException;
import fakebank.error.Causes;
import fakebank.error.NotFoundException;
import fakebank.error.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.apache.lucene.util.VectorUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bank: known real and fake images in a Lucene HNSW index on disk.
 *
 * <p>Layout under the bank folder: {@code lucene/} (the index), {@code originals/} (content-addressed original
 * bytes, {@code ab/abcdef...}), {@code journal.log} (adds acknowledged but not yet committed), {@code audit.log}
 * (JSON lines: who, what, when), {@code bank.json} (encoder identity and dimension).
 *
 * <p>With {@link BankOptions#store()} set, the entries live in a SolrCloud collection instead of {@code lucene/}
 * (see {@link EntryStore} for what "acknowledged" means there); originals, journal and audit log stay in the folder.
 *
 * <p>Guarantees: an add that returned is durable (journal fsync or commit) and searchable at once; deletes are
 * tombstones that stop matching at once; thread-safe for any mix of readers and writers; opening with another
 * encoder than the one that built the bank throws {@link fakebank.error.ConflictException}.
 *
 * <p>How: writes are serialised by one lock. Each write batch goes to the IndexWriter, then its journal lines (and
 * audit lines) are fsynced, then the near-real-time searcher is refreshed before the call returns. A background
 * task commits Lucene every two seconds (and at close, and when the journal passes 64 MB) and then empties the
 * journal; opening replays journal lines the last commit lacks. A write that threw may or may not have happened.
 * Vectors must have the bank's dimension; they are normalised to unit length if they are not already.
 *
 * <p>Parts: {@link BankIndex} (Lucene), {@link DurableStage} (journal and audit written first, cut back on
 * failure), {@link JournalReplay} (recovery), {@link CommitSchedule} (the commit thread), {@link OriginalStore},
 * {@link DiskUsage} (size for stats); this class holds the write lock and the order of the steps.
 */
public final class Bank implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Bank.class);

    /** Most neighbours one search returns. */
    public static final int MAX_K = 10_000;

    /** Largest stored thumbnail. */
    public static final int MAX_THUMBNAIL_BYTES = 8 * 1024;

    /** Largest stored provenance signature (PDQ hash and keypoints, about 9 KB). */
    public static final int MAX_SIGNATURE_BYTES = 64 * 1024;

    static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofSeconds(2);
    private static final long JOURNAL_COMMIT_BYTES = 64L << 20;
    /** addAll syncs once per this many entries, so a huge list does not hold the lock or the heap for long. */
    static final int MAX_BATCH = 1000;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** HNSW candidates for the near-duplicate probe: a near duplicate is so close that a narrow beam finds it. */
    private static final int NEAR_DUPLICATE_WIDTH = 16;

    private final Path dir;
    private final BankManifest manifest;
    private final BankOptions options;
    /** Replaced by a fresh one (from the last commit plus the journal) after a storage failure. */
    private volatile EntryStore index;
    private final Journal journal;
    private final AuditLog auditLog;
    private final OriginalStore originals;
    /** Provenance signatures by sha256, beside the index so every entry has one without its original. */
    private final OriginalStore signatures;
    private final EntryValidator validator;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final AtomicLong version;
    private final CommitSchedule committer = new CommitSchedule();
    private final DiskUsage disk;
    /** Changes not yet in a Lucene commit; guarded by writeLock. */
    private boolean dirty;
    /** Removals since the last purge merge: their thumbnails still sit in deleted Lucene docs; guarded by writeLock. */
    private boolean purgePending;
    /** The index lost a write (e.g. disk full on flush) and must be reopened from commit + journal; writeLock. */
    private boolean indexStale;
    /** Journaled entries a failed index write may have left invisible: sha256 to id, so a retry dedupes; writeLock. */
    private final Map<String, String> pendingBySha = new HashMap<>();
    /** Why the last storage operation failed, until one succeeds (shown by /health). */
    private volatile String storageProblem;
    private volatile boolean closed;

    private Bank(Path dir, BankManifest manifest, BankOptions options, EntryStore index, Journal journal,
            AuditLog auditLog) {
        this.dir = dir;
        this.manifest = manifest;
        this.options = options;
        this.index = index;
        this.journal = journal;
        this.auditLog = auditLog;
        this.originals = new OriginalStore(dir.resolve("originals"));
        this.signatures = new OriginalStore(dir.resolve("signatures"), "signature");
        this.validator = new EntryValidator(manifest.encoder(), manifest.dim(), options.keepOriginals());
        this.version = new AtomicLong(index.committedVersion());
        this.disk = new DiskUsage(dir, java.util.concurrent.TimeUnit.SECONDS.toNanos(30), System::nanoTime);
    }

    /**
     * Opens or creates the bank in {@code dir} for vectors of {@code encoder} ("name@version") and {@code dim}. A
     * new bank saves {@code options}' originals and quantization settings in {@code bank.json}; an existing bank
     * keeps its saved ones (see {@link #options()}).
     */
    public static Bank open(Path dir, String encoder, int dim, BankOptions options) {
        return open(dir, encoder, dim, options, DEFAULT_COMMIT_INTERVAL);
    }

    /** As {@link #open(Path, String, int, BankOptions)} with a chosen commit interval (tests use long ones). */
    static Bank open(Path dir, String encoder, int dim, BankOptions requested, Duration commitInterval) {
        if (encoder == null || encoder.isBlank()) {
            throw new IllegalArgumentException("encoder is required");
        }
        if (dim < 1 || dim > HnswSetup.MAX_DIMENSIONS) {
            throw new IllegalArgumentException("dim must be in [1, " + HnswSetup.MAX_DIMENSIONS + "], got " + dim);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the bank folder " + dir, e);
        }
        BankManifest manifest = BankManifest.openOrCreate(dir, encoder, dim, requested);
        BankOptions options = manifest.settle(requested, dir);
        EntryStore index = openStore(dir, options, encoder);
        Journal journal = null;
        AuditLog audit = null;
        try {
            journal = new Journal(dir.resolve("journal.log"));
            audit = new AuditLog(dir.resolve("audit.log"));
            Bank bank = new Bank(dir, manifest, options, index, journal, audit);
            bank.replayJournal(true);
            bank.committer.start(commitInterval, bank::commitQuietly);
            return bank;
        } catch (RuntimeException e) {
            Closeables.closeAll(e, index::rollback, journal, audit);
            throw e;
        }
    }

    /**
     * Opens an existing bank for reading only: no lock, no journal, nothing written, so it works beside a running
     * server and on read-only media. It sees the last commit (a server commits every two seconds); every write
     * throws {@link ConflictException}. {@link NotFoundException} if {@code dir} holds no bank.
     */
    public static Bank openReadOnly(Path dir, String encoder, int dim) {
        BankManifest manifest = BankManifest.readIfExists(dir)
                .orElseThrow(() -> new NotFoundException("no bank at " + dir));
        manifest.check(encoder, dim, dir);
        BankOptions d = BankOptions.defaults();
        BankOptions options = new BankOptions(manifest.keepOriginals(), d.nearDuplicateThreshold(), d.searchWidth(),
                d.hnswM(), d.hnswBeamWidth(), manifest.quantized());
        return new Bank(dir, manifest, options, BankIndex.openReadOnly(dir.resolve("lucene"), options), null, null);
    }

    /** The store seam: the local Lucene index in the folder, or a SolrCloud collection ({@code options.store()}). */
    private static EntryStore openStore(Path dir, BankOptions options, String encoder) {
        return options.remoteStore() ? SolrStore.connect(options.store(), encoder, options)
                : BankIndex.open(dir.resolve("lucene"), options);
    }

    /** Whether {@code dir} holds a bank (its {@code bank.json}). */
    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(BankManifest.FILE));
    }

    public boolean readOnly() {
        return journal == null;
    }

    public Path dir() {
        return dir;
    }

    public String encoder() {
        return manifest.encoder();
    }

    public int dim() {
        return manifest.dim();
    }

    public BankOptions options() {
        return options;
    }

    /** Adds one entry; exact duplicates (same sha256, live) return the existing id with {@code duplicate=true}. */
    public AddResult add(NewEntry entry) {
        EntryValidator.Prepared p = validator.prepare(entry, null, null);
        keepSignature(p.sha256(), entry.signature());
        return write(List.of(p), true, null).getFirst().result();
    }

    /**
     * Adds many with one durable sync at the end (one per {@value #MAX_BATCH} entries for longer lists); results
     * in input order. Every entry is validated before anything is written, so a bad entry fails the whole call.
     * Exact duplicates within the list count as duplicates of their first occurrence.
     */
    public List<AddResult> addAll(List<NewEntry> entries) {
        List<EntryValidator.Prepared> prepared = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            try {
                prepared.add(validator.prepare(entries.get(i), null, null));
            } catch (BadRequestException e) {
                throw new BadRequestException("entry " + i + ": " + e.getMessage(), e);
            }
        }
        for (int i = 0; i < entries.size(); i++) {
            keepSignature(prepared.get(i).sha256(), entries.get(i).signature());
        }
        List<AddResult> results = new ArrayList<>(entries.size());
        for (int from = 0; from < prepared.size(); from += MAX_BATCH) {
            List<EntryValidator.Prepared> batch = prepared.subList(from, Math.min(prepared.size(), from + MAX_BATCH));
            write(batch, true, null).forEach(w -> results.add(w.result()));
        }
        return results;
    }

    public Optional<Entry> get(String id) {
        ensureOpen();
        return index.byId(id, true).map(EntryRecord::toEntry);
    }

    /** Throws {@link fakebank.error.NotFoundException} for an unknown id. */
    public Entry require(String id) {
        return get(id).orElseThrow(() -> new NotFoundException("no bank entry with id " + id));
    }

    /** The live entry with these exact bytes, if any. */
    public Optional<String> idForSha256(String sha256) {
        ensureOpen();
        return index.liveIdForSha256(sha256.toLowerCase(Locale.ROOT));
    }

    /**
     * Removes an entry: a tombstone stays (id, sha256, labels, reason), but its thumbnail and original bytes are
     * purged, from the index at the next commit and from {@code originals/} at once. {@link NotFoundException} if
     * unknown or already removed.
     */
    public void remove(String id, String reason, String by) {
        String who = by == null || by.isBlank() ? "anonymous" : by;
        writeLock.lock();
        try {
            ensureWritable();
            ensureIndex();
            EntryRecord current = index.byId(id, false)
                    .orElseThrow(() -> new NotFoundException("no bank entry with id " + id));
            if (current.deleted()) {
                throw new NotFoundException("bank entry " + id + " is already removed");
            }
            Instant at = now();
            stage(List.of(Journal.line(new Journal.Remove(id, reason, who, at))),
                    List.of(AuditLog.line(at, who, "remove", id, "sha256=" + current.sha256() + " reason=" + reason)));
            version.incrementAndGet();
            dirty = true;
            purgePending = true;
            apply(List.of(current.tombstone(reason, who, at)));
            originals.delete(current.sha256());
            signatures.delete(current.sha256());
        } finally {
            writeLock.unlock();
        }
    }

    /** Top-k live entries by cosine similarity, filtered; sorted by similarity then id. */
    public List<Match> search(float[] query, int k, SearchFilter filter) {
        if (k < 1 || k > MAX_K) {
            throw new BadRequestException("k must be in [1, " + MAX_K + "], got " + k);
        }
        float[] unit = validator.unitVector(query);
        ensureOpen();
        return index.search(unit, k, filter == null ? SearchFilter.NONE : filter);
    }

    /** The stored JPEG thumbnail, if the entry has one and is not removed. */
    public Optional<byte[]> thumbnail(String id) {
        ensureOpen();
        return index.byId(id, true).filter(r -> !r.deleted()).map(EntryRecord::thumbnail);
    }

    /** The provenance signature stored for these bytes, if any (opaque to the bank). */
    public Optional<byte[]> signature(String sha256) {
        ensureOpen();
        String sha = sha256.toLowerCase(Locale.ROOT);
        return validator.isSha256(sha) ? signatures.get(sha) : Optional.empty();
    }

    /**
     * The sha256 of every stored provenance signature: live entries' and, briefly, those of an add that failed
     * part-way (resolve with {@link #idForSha256}). Walks the signature folder: call it when the bank changed, not
     * per query.
     */
    public List<String> signedSha256s() {
        ensureOpen();
        return signatures.names();
    }

    /**
     * Stores the provenance signature of an entry's bytes (written durably before the entry, so an acknowledged
     * entry always has it; one left by an add that failed is harmless).
     */
    public void keepSignature(String sha256, byte[] signature) {
        if (signature == null) {
            return;
        }
        ensureWritable();
        String sha = sha256.toLowerCase(Locale.ROOT);
        if (!validator.isSha256(sha)) {
            throw new BadRequestException("sha256 must be 64 hex characters, got '" + sha256 + "'");
        }
        if (signature.length > MAX_SIGNATURE_BYTES) {
            throw new BadRequestException("signature is " + signature.length + " bytes; at most "
                    + MAX_SIGNATURE_BYTES + " are stored");
        }
        try {
            signatures.put(sha, signature);
        } catch (UncheckedIOException e) {
            throw storageFailure("could not store the provenance signature", e);
        }
    }

    /** The original bytes, if kept. */
    public Optional<byte[]> original(String id) {
        ensureOpen();
        return index.byId(id, false).filter(r -> r.hasOriginal() && !r.deleted())
                .flatMap(r -> originals.get(r.sha256()));
    }

    /** Every live entry's vector and labels, for training and maps, from one point-in-time snapshot. */
    public void forEachLive(Consumer<LabeledVector> sink) {
        ensureOpen();
        index.scanLive(false, n -> { }, r -> sink.accept(r.toLabeledVector()));
    }

    /** A counter that grows with every change; detection retrains when it has moved enough. */
    public long version() {
        return version.get();
    }

    /** Live entries: O(1) between changes (counts are cached per searcher, see {@link BankIndex#counts()}). */
    public long liveCount() {
        return counts().live();
    }

    /**
     * Counts (cached per searcher, so O(1) between changes) and the size on disk (measured in the background,
     * up to 30 s old: see {@link DiskUsage}).
     */
    public BankStats stats() {
        BankIndex.Counts c = counts();
        return new BankStats(c.live(), c.deleted(), c.byLabel(), c.byFamily(), c.byGenerator(), disk.bytes(),
                manifest.encoder(), manifest.dim(), version.get());
    }

    private BankIndex.Counts counts() {
        ensureOpen();
        return index.counts();
    }

    /** Appends a line to the audit log (who, action, details) for actions outside the bank (e.g. retrain). */
    public void audit(String who, String action, String details) {
        audit(who, action, null, details);
    }

    void audit(String who, String action, String id, String details) {
        if (readOnly()) {
            // e.g. an export from a read-only view: the audit log belongs to the writing process
            LOG.info("read-only bank {}, not in audit.log: {} {} {} {}", dir, who, action, id == null ? "" : id,
                    details);
            return;
        }
        writeLock.lock();
        try {
            ensureWritable();
            stage(List.of(), List.of(AuditLog.line(now(), who == null ? "anonymous" : who, action, id, details)));
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Writes every live entry to a portable bank file (gzip JSON lines, see {@link BankFile}) from one snapshot;
     * the file appears complete or not at all.
     */
    public static void export(Bank bank, Path file, boolean includeThumbnails) {
        bank.ensureOpen();
        BankFile.export(bank, file, includeThumbnails);
    }

    /**
     * Adds the entries of a bank file, keeping their ids and added_at. Entries whose bytes are already here (or
     * whose id is, e.g. removed here) count as duplicates, so importing twice adds nothing. Throws
     * {@link fakebank.error.ConflictException} if the file was made with another encoder or dimension.
     */
    public ImportSummary importFile(Path file, String by) {
        ensureWritable();
        return BankFile.importInto(this, file, by == null || by.isBlank() ? "anonymous" : by);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        committer.stop();
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            RuntimeException failure = null;
            try {
                if (!readOnly()) {
                    commitLocked();
                }
            } catch (RuntimeException e) {
                failure = e;
            }
            Closeables.closeAll(failure, index::close, journal, auditLog);
        } finally {
            writeLock.unlock();
        }
    }

    // ---- package-private: import, tests ----

    /** An outcome of one write: a result, or why the entry was refused (imports only). */
    record Written(AddResult result, String error) {
    }

    /** Imports records as given (ids, added_at); invalid ones come back with an error instead of failing all. */
    List<Written> importBatch(List<EntryRecord> records) {
        List<Written> out = new ArrayList<>(Collections.nCopies(records.size(), null));
        List<EntryValidator.Prepared> valid = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            EntryRecord r = records.get(i);
            try {
                EntryMeta meta = new EntryMeta(r.label(), r.generator(), r.family(), r.source(), r.note(),
                        r.addedBy());
                valid.add(validator.prepare(new NewEntry(r.sha256(), r.vector(), r.thumbnail(), null, meta), r.id(),
                        r.addedAt()));
                positions.add(i);
            } catch (BadRequestException | IllegalArgumentException e) {
                out.set(i, new Written(null, "entry " + r.id() + ": " + e.getMessage()));
            }
        }
        List<Written> written = write(valid, false, "import");
        for (int j = 0; j < written.size(); j++) {
            out.set(positions.get(j), written.get(j));
        }
        return out;
    }

    void scanLive(boolean thumbnails, Consumer<Long> count, Consumer<EntryRecord> sink) {
        ensureOpen();
        index.scanLive(thumbnails, count, sink);
    }

    /** Stores original bytes under their sha256 (a rebuild carries originals over before importing records). */
    void keepOriginal(String sha256, byte[] bytes) {
        ensureWritable();
        originals.put(sha256, bytes);
    }

    /** Commits now and empties the journal. */
    void commit() {
        writeLock.lock();
        try {
            ensureWritable();
            commitLocked();
        } finally {
            writeLock.unlock();
        }
    }

    /** Crash simulation for tests: closes without committing, leaving the journal as a crash would. */
    void closeWithoutCommit() {
        committer.stop();
        writeLock.lock();
        try {
            closed = true;
            Closeables.closeAll(null, index::rollback, journal, auditLog);
        } finally {
            writeLock.unlock();
        }
    }

    // ---- writing ----

    /**
     * Writes a batch under the lock: dedupe, near-duplicate check ({@code checkNear}), index, then one journal and
     * audit sync, then a searcher refresh. {@code via} names a bulk source ("import") that writes its own summary
     * audit line instead of one per entry.
     */
    private List<Written> write(List<EntryValidator.Prepared> items, boolean checkNear, String via) {
        writeLock.lock();
        try {
            ensureWritable();
            ensureIndex();
            Instant now = now();
            List<Written> out = new ArrayList<>(items.size());
            List<String> journalLines = new ArrayList<>();
            List<String> auditLines = new ArrayList<>();
            Map<String, String> idBySha = new HashMap<>();
            Set<String> batchIds = new HashSet<>();
            List<EntryRecord> batch = new ArrayList<>();
            for (EntryValidator.Prepared p : items) {
                String by = p.meta().addedBy();
                String existing = idBySha.containsKey(p.sha256()) ? idBySha.get(p.sha256())
                        : pendingBySha.containsKey(p.sha256()) ? pendingBySha.get(p.sha256())
                        : index.liveIdForSha256(p.sha256()).orElse(null);
                if (existing != null) {
                    out.add(new Written(new AddResult(existing, p.sha256(), true, null, null), null));
                    if (via == null) {
                        auditLines.add(AuditLog.line(now, by, "duplicate", existing, "sha256=" + p.sha256()));
                    }
                    continue;
                }
                String id = p.id();
                if (id != null && (batchIds.contains(id) || index.exists(id))) {
                    out.add(idClash(id, p.sha256()));
                    continue;
                }
                if (id == null) {
                    id = newId(batchIds);
                }
                Near near = checkNear ? nearest(p.vector(), batch) : null;
                if (p.original() != null) {
                    try {
                        originals.put(p.sha256(), p.original());
                    } catch (UncheckedIOException e) {
                        throw storageFailure("could not store the original image", e);
                    }
                }
                boolean hasOriginal = options.keepOriginals() && (p.original() != null || originals.has(p.sha256()));
                EntryMeta m = p.meta();
                EntryRecord r = new EntryRecord(id, p.sha256(), m.label(), m.generator(), m.family(), m.source(),
                        m.note(), p.addedAt() != null ? p.addedAt() : now, by, manifest.encoder(), p.vector(),
                        p.thumbnail(), hasOriginal, false, null, null, null);
                journalLines.add(Journal.line(new Journal.Add(r)));
                if (via == null) {
                    auditLines.add(AuditLog.line(now, by, "add", id, addDetails(r, near)));
                }
                idBySha.put(r.sha256(), id);
                batchIds.add(id);
                batch.add(r);
                out.add(new Written(near == null ? new AddResult(id, r.sha256(), false, null, null)
                        : new AddResult(id, r.sha256(), false, near.id(), near.similarity()), null));
            }
            stage(journalLines, auditLines);
            if (!batch.isEmpty()) {
                version.addAndGet(batch.size());
                dirty = true;
                batch.forEach(r -> pendingBySha.put(r.sha256(), r.id()));
                apply(batch);
            }
            if (journal.size() > JOURNAL_COMMIT_BYTES) {
                commitLocked();
            }
            return out;
        } finally {
            writeLock.unlock();
        }
    }

    /** An imported id that is already here: the same image (e.g. removed here) is a duplicate, else an error. */
    private Written idClash(String id, String sha256) {
        EntryRecord here = index.byId(id, false).orElseThrow();
        if (here.sha256().equals(sha256)) {
            return new Written(new AddResult(id, sha256, true, null, null), null);
        }
        return new Written(null, "entry " + id + ": that id is already used here by another image ("
                + here.sha256() + ")");
    }

    private record Near(String id, float similarity) {
    }

    /** The most similar live entry (index top-1, or an earlier entry of this batch) if above the threshold. */
    private Near nearest(float[] vector, List<EntryRecord> batch) {
        Near best = null;
        for (Match m : index.search(vector, 1, NEAR_DUPLICATE_WIDTH, SearchFilter.NONE)) {
            best = new Near(m.id(), m.similarity());
        }
        for (EntryRecord r : batch) {
            float sim = VectorUtil.dotProduct(vector, r.vector());
            if (best == null || sim > best.similarity()) {
                best = new Near(r.id(), sim);
            }
        }
        return best != null && best.similarity() >= options.nearDuplicateThreshold() ? best : null;
    }

    private static String addDetails(EntryRecord r, Near near) {
        StringBuilder sb = new StringBuilder("label=").append(r.label().json());
        if (r.generator() != null) {
            sb.append(" generator=").append(r.generator());
        }
        sb.append(" family=").append(r.family().json()).append(" sha256=").append(r.sha256());
        if (near != null) {
            sb.append(" near_duplicate_of=").append(near.id())
                    .append(String.format(Locale.ROOT, " similarity=%.4f", near.similarity()));
        }
        return sb.toString();
    }

    /**
     * Makes a change durable before it touches the index: journal records and audit lines are written and synced,
     * or, if any of that fails (disk full, fsync error), cut back off both files so that nothing of the change
     * remains and a retry starts clean.
     */
    private void stage(List<String> journalLines, List<String> auditLines) {
        try {
            DurableStage.write(journal, auditLog, journalLines, auditLines);
        } catch (UncheckedIOException e) {
            throw storageFailure("could not write the bank journal; nothing was changed", e);
        }
    }

    /**
     * Puts journaled records into the index and refreshes the searcher. If that fails the records are still in
     * the journal: the index is reopened from its last commit plus the journal before the next write, and until
     * then {@link #pendingBySha} lets a retry find them, so it never adds a second copy.
     */
    private void apply(List<EntryRecord> records) {
        try {
            for (EntryRecord r : records) {
                index.put(r);
            }
            index.refresh();
        } catch (RuntimeException e) {
            indexStale = true;
            throw storageFailure("could not update the bank index; the change is saved in the journal and "
                    + "appears once storage recovers (retrying is safe)", e);
        }
        pendingBySha.clear();
        storageProblem = null;
    }

    /** Reopens the index from its last commit plus the journal after a failed index write. */
    private void ensureIndex() {
        if (!indexStale && !index.broken()) {
            return;
        }
        try {
            index.rollbackQuietly();
            index = openStore(dir, options, manifest.encoder());
            replayJournal(false);
            indexStale = false;
            pendingBySha.clear();
            LOG.info("bank {}: index reopened from its last commit and the journal", dir);
        } catch (RuntimeException e) {
            indexStale = true;
            throw storageFailure("the bank index cannot be reopened", e);
        }
    }

    private StorageException storageFailure(String what, RuntimeException cause) {
        String message = what + ": " + Causes.root(cause);
        storageProblem = message;
        LOG.error("bank {}: {}", dir, message, cause);
        return new StorageException(message, cause);
    }

    /** Why storage last failed, if no write or commit has succeeded since. */
    public Optional<String> storageProblem() {
        return Optional.ofNullable(storageProblem);
    }

    private String newId(Set<String> batchIds) {
        while (true) {
            String id = HexFormat.of().toHexDigits(RANDOM.nextLong());
            if (!batchIds.contains(id) && !index.exists(id)) {
                return id;
            }
        }
    }

    // ---- commit and recovery ----

    private void commitLocked() {
        if (!dirty || indexStale) {
            return;
        }
        try {
            if (purgePending) {
                index.purgeDeleted(); // rewrites segments holding removed entries' thumbnails
            }
            index.commit(version.get());
        } catch (RuntimeException e) {
            if (index.broken()) {
                indexStale = true;
            }
            throw storageFailure("could not commit the bank index; the journal keeps the changes", e);
        }
        journal.truncate();
        dirty = false;
        purgePending = false;
        storageProblem = null;
    }

    private void commitQuietly() {
        writeLock.lock();
        try {
            if (!closed) {
                commitLocked();
            }
        } catch (RuntimeException e) {
            // logged by storageFailure; the next commit retries
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Re-applies journal records the last commit lacks (skipping those already in the index) and purges removed
     * entries' originals, then commits ({@code commit}) and empties the journal, or, when reopening after a
     * storage failure, leaves both for the next commit.
     */
    private void replayJournal(boolean commit) {
        JournalReplay.Result replay = JournalReplay.apply(journal.read(), index, originals, signatures);
        int applied = replay.applied();
        purgePending |= replay.removed();
        if (applied > 0) {
            LOG.info("bank {}: replayed {} journaled changes missing from the index", dir, applied);
            if (commit) {
                version.addAndGet(applied);
                if (purgePending) {
                    index.purgeDeleted();
                    purgePending = false;
                }
                index.commit(version.get());
            } else {
                dirty = true;
            }
        }
        if (commit && journal.size() > 0) {
            journal.truncate();
        }
        index.refresh();
    }

    // ---- helpers ----

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the bank at " + dir + " is closed");
        }
    }

    private void ensureWritable() {
        ensureOpen();
        if (readOnly()) {
            throw new ConflictException("the bank at " + dir + " is open read-only; writes go through the process "
                    + "that has it open for writing (e.g. `fakebank serve`: use --server URL)");
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
