package fakebank.bank;

import fakebank.error.ConflictException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/**
 * The Lucene side of the bank: one IndexWriter (callers serialise writes), near-real-time searchers from a
 * SearcherManager, and the bank's version in the commit user data. Opened read-only there is no writer (and no
 * lock): searchers see the last commit, so several processes, and read-only media, can read one bank. Exactly one document per id: removals replace
 * the document with a vector-less tombstone.
 */
final class BankIndex implements EntryStore {
    private static final String VERSION_KEY = "fakebank.version";

    private final Directory directory;
    /** Null when opened read-only. */
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final int searchWidth;
    private final boolean rescore;

    private BankIndex(Directory directory, IndexWriter writer, BankOptions options) throws IOException {
        this.directory = directory;
        this.writer = writer;
        this.searchers = writer != null ? new SearcherManager(writer, true, false, null)
                : new SearcherManager(directory, null);
        this.searchWidth = options.searchWidth();
        this.rescore = options.quantized();
    }

    static BankIndex open(Path dir, BankOptions options) {
        Directory directory = null;
        try {
            directory = FSDirectory.open(dir);
            IndexWriterConfig config = new IndexWriterConfig()
                    .setCodec(HnswSetup.codec(options.hnswM(), options.hnswBeamWidth(), options.quantized()))
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    .setRAMBufferSizeMB(64)
                    // Every write batch flushes a small segment (to be searchable at once); packing each into a
                    // compound file would copy it again.
                    .setUseCompoundFile(false)
                    // The bank commits on its own schedule (and journal-truncates right after), never implicitly.
                    .setCommitOnClose(false)
                    // A purge after a takedown rewrites every segment holding a removed entry's stored thumbnail.
                    .setMergePolicy(new TieredMergePolicy().setForceMergeDeletesPctAllowed(0));
            IndexWriter writer = new IndexWriter(directory, config);
            try {
                return new BankIndex(directory, writer, options);
            } catch (IOException | RuntimeException e) {
                writer.rollback();
                throw e;
            }
        } catch (LockObtainFailedException e) {
            closeQuietly(directory);
            throw new ConflictException("the bank at " + dir.getParent() + " is open for writing in another process "
                    + "(a running `fakebank serve`?). Send this write to that server with --server URL (and "
                    + "$FAKEBANK_API_KEY), or stop it first; reads (stats, get, search, classify, export, eval) work "
                    + "beside it", e);
        } catch (IOException e) {
            closeQuietly(directory);
            throw new UncheckedIOException("cannot open the bank index at " + dir, e);
        }
    }

    /** Opens the last commit for reading only: no writer, no lock, nothing written. */
    static BankIndex openReadOnly(Path dir, BankOptions options) {
        Directory directory = null;
        try {
            directory = FSDirectory.open(dir);
            return new BankIndex(directory, null, options);
        } catch (org.apache.lucene.index.IndexNotFoundException e) {
            closeQuietly(directory);
            throw new fakebank.error.NotFoundException("the bank at " + dir.getParent() + " has no committed index "
                    + "yet", e);
        } catch (IOException e) {
            closeQuietly(directory);
            throw new UncheckedIOException("cannot open the bank index at " + dir, e);
        }
    }

    @Override
    public boolean readOnly() {
        return writer == null;
    }

    /** The version recorded by the last commit, 0 for a new index. */
    @Override
    public long committedVersion() {
        if (writer == null) {
            return withSearcher(s -> {
                String v = ((org.apache.lucene.index.DirectoryReader) s.getIndexReader()).getIndexCommit()
                        .getUserData().get(VERSION_KEY);
                return v == null ? 0L : Long.parseLong(v);
            });
        }
        for (Map.Entry<String, String> e : Optional.ofNullable(writer.getLiveCommitData()).orElse(List.of())) {
            if (VERSION_KEY.equals(e.getKey())) {
                return Long.parseLong(e.getValue());
            }
        }
        return 0;
    }

    /** Adds or replaces the document of {@code r.id()}; visible to searches after {@link #refresh()}. */
    @Override
    public void put(EntryRecord r) {
        try {
            writer.updateDocument(EntryDocs.idTerm(r.id()), EntryDocs.toDocument(r));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write bank entry " + r.id(), e);
        }
    }

    @Override
    public void refresh() {
        try {
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot refresh the bank searcher", e);
        }
    }

    @Override
    public void commit(long version) {
        try {
            writer.setLiveCommitData(Map.of(VERSION_KEY, Long.toString(version)).entrySet());
            writer.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit the bank index", e);
        }
    }

    /**
     * Rewrites segments that hold deleted documents, so the stored fields (thumbnails) of removed entries leave the
     * disk at the next commit instead of at some later merge.
     */
    @Override
    public void purgeDeleted() {
        try {
            writer.forceMergeDeletes(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot purge removed entries from the bank index", e);
        }
    }

    /** True once the writer has failed for good (Lucene closes it after e.g. a flush hit a full disk). */
    @Override
    public boolean broken() {
        return writer != null && (!writer.isOpen() || writer.getTragicException() != null);
    }

    /** Drops uncommitted changes and closes, reporting nothing: used before reopening after a failure. */
    @Override
    public void rollbackQuietly() {
        try {
            rollback();
        } catch (IOException | RuntimeException e) {
            // the index is being replaced because it failed; its close failing too says nothing new
        }
    }

    // ---- reads (any thread) ----

    interface SearcherTask<T> {
        T run(IndexSearcher searcher) throws IOException;
    }

    <T> T withSearcher(SearcherTask<T> task) {
        IndexSearcher s;
        try {
            s = searchers.acquire();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return task.run(s);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bank index", e);
        } finally {
            try {
                searchers.release(s);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The record of {@code id} (live or tombstone) without its vector; {@code thumbnail} loads the thumbnail too. */
    @Override
    public Optional<EntryRecord> byId(String id, boolean thumbnail) {
        return withSearcher(s -> {
            TopDocs top = s.search(new TermQuery(EntryDocs.idTerm(id)), 1);
            if (top.scoreDocs.length == 0) {
                return Optional.empty();
            }
            StoredFields fields = s.storedFields();
            int doc = top.scoreDocs[0].doc;
            Document d = thumbnail ? fields.document(doc) : fields.document(doc, EntryDocs.META_FIELDS);
            return Optional.of(EntryDocs.fromDocument(d, null));
        });
    }

    @Override
    public boolean exists(String id) {
        return withSearcher(s -> s.count(new TermQuery(EntryDocs.idTerm(id))) > 0);
    }

    @Override
    public Optional<String> liveIdForSha256(String sha256) {
        return withSearcher(s -> {
            TopDocs top = s.search(EntryDocs.liveWith(EntryDocs.SHA256, sha256), 1);
            if (top.scoreDocs.length == 0) {
                return Optional.empty();
            }
            return Optional.of(s.storedFields().document(top.scoreDocs[0].doc, Set.of(EntryDocs.ID)).get(EntryDocs.ID));
        });
    }

    @Override
    public int searchWidth() {
        return searchWidth;
    }

    /** As {@link #search(float[], int, SearchFilter)} with {@code width} HNSW candidates instead of the default. */
    @Override
    public List<Match> search(float[] unitQuery, int k, int candidates, SearchFilter filter) {
        int width = Math.max(k, candidates);
        Query luceneFilter = EntryDocs.filter(filter);
        return withSearcher(s -> {
            TopDocs top = HnswSetup.search(s, unitQuery, width, luceneFilter, rescore);
            ScoreDoc[] docs = top.scoreDocs; // best first
            // Stored fields only for the k best (of up to searchWidth candidates) and any tied with the k-th, whose
            // id decides the order; the others are never returned.
            int keep = Math.min(k, docs.length);
            while (keep > 0 && keep < docs.length
                    && HnswSetup.similarity(docs[keep].score) == HnswSetup.similarity(docs[keep - 1].score)) {
                keep++;
            }
            StoredFields fields = s.storedFields();
            List<Match> matches = new ArrayList<>(keep);
            for (int i = 0; i < keep; i++) {
                EntryRecord r = EntryDocs.fromDocument(fields.document(docs[i].doc, EntryDocs.META_FIELDS), null);
                matches.add(r.toMatch(HnswSetup.similarity(docs[i].score)));
            }
            Collections.sort(matches);
            return List.copyOf(matches.subList(0, Math.min(k, matches.size())));
        });
    }

    /**
     * Streams every live entry with its vector from one point-in-time snapshot; {@code count} first receives how
     * many there are (so a file header can say it before the entries).
     */
    @Override
    public void scanLive(boolean thumbnails, Consumer<Long> count, Consumer<EntryRecord> sink) {
        withSearcher(s -> {
            count.accept((long) s.count(EntryDocs.live()));
            for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
                scanLeaf(leaf.reader(), thumbnails, sink);
            }
            return null;
        });
    }

    private static void scanLeaf(LeafReader reader, boolean thumbnails, Consumer<EntryRecord> sink)
            throws IOException {
        FloatVectorValues vectors = reader.getFloatVectorValues(HnswSetup.VECTOR_FIELD);
        if (vectors == null) {
            return;
        }
        Bits liveDocs = reader.getLiveDocs();
        StoredFields fields = reader.storedFields();
        KnnVectorValues.DocIndexIterator it = vectors.iterator();
        for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
            if (liveDocs != null && !liveDocs.get(doc)) {
                continue;
            }
            Document d = thumbnails ? fields.document(doc) : fields.document(doc, EntryDocs.META_FIELDS);
            // vectorValue may reuse its array: keep a copy.
            sink.accept(EntryDocs.fromDocument(d, vectors.vectorValue(it.index()).clone()));
        }
    }

    record Counts(long live, long deleted, Map<String, Long> byLabel, Map<String, Long> byFamily,
            Map<String, Long> byGenerator) {
    }

    @Override
    public long liveCount() {
        return withSearcher(s -> (long) s.count(EntryDocs.live()));
    }

    private record CachedCounts(IndexReader.CacheKey reader, Counts counts) {
    }

    /** Counts of the searcher they were taken from; a new searcher (after any write) counts again. */
    private volatile CachedCounts cachedCounts;

    /**
     * Counts over the current searcher: computed once per searcher refresh and then served from memory, so
     * {@code /health}, metrics scrapes and stats cost O(1) between writes.
     */
    @Override
    public Counts counts() {
        return withSearcher(s -> {
            IndexReader.CacheHelper helper = s.getIndexReader().getReaderCacheHelper();
            IndexReader.CacheKey key = helper == null ? null : helper.getKey();
            CachedCounts cached = cachedCounts;
            if (key != null && cached != null && cached.reader() == key) {
                return cached.counts();
            }
            Counts fresh = new Counts(
                    s.count(EntryDocs.live()),
                    s.count(new TermQuery(EntryDocs.deletedTerm())),
                    countLiveByTerm(s, EntryDocs.LABEL),
                    countLiveByTerm(s, EntryDocs.FAMILY),
                    countLiveByTerm(s, EntryDocs.GENERATOR));
            if (key != null) {
                cachedCounts = new CachedCounts(key, fresh);
            }
            return fresh;
        });
    }

    private static Map<String, Long> countLiveByTerm(IndexSearcher s, String field) throws IOException {
        Set<String> values = new TreeSet<>();
        for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
            Terms terms = leaf.reader().terms(field);
            if (terms == null) {
                continue;
            }
            TermsEnum te = terms.iterator();
            for (BytesRef term = te.next(); term != null; term = te.next()) {
                values.add(term.utf8ToString());
            }
        }
        Map<String, Long> counts = new TreeMap<>();
        for (String v : values) {
            long n = s.count(EntryDocs.liveWith(field, v));
            if (n > 0) {
                counts.put(v, n);
            }
        }
        return counts;
    }

    /** Crash simulation for tests: drops everything not committed and closes. */
    @Override
    public void rollback() throws IOException {
        searchers.close();
        if (writer != null) {
            writer.rollback();
        }
        directory.close();
    }

    @Override
    public void close() throws IOException {
        searchers.close();
        if (writer != null) {
            writer.close();
        }
        directory.close();
    }

    private static void closeQuietly(Directory d) {
        if (d != null) {
            try {
                d.close();
            } catch (IOException ignored) {
                // already failing; the first error is the one worth reporting
            }
        }
    }
}
