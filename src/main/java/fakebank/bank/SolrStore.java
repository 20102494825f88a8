package fakebank.bank;

import fakebank.error.ConflictException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.impl.CloudSolrClient;
import org.apache.solr.client.solrj.impl.HttpJdkSolrClient;
import org.apache.solr.client.solrj.request.AbstractUpdateRequest;
import org.apache.solr.client.solrj.request.SolrQuery;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.client.solrj.response.FacetField;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.client.solrj.response.UpdateResponse;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.params.CursorMarkParams;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bank's entries in a SolrCloud collection (the configset of {@code tools/solr-cluster}: a dense vector field
 * with HNSW and dot product, like the local index). Talks HTTP through SolrJ's cloud client, which reads the
 * cluster state from any listed node, sends updates to shard leaders and fails over between replicas.
 *
 * <p>Acknowledged: {@link #refresh()} sends the buffered documents and a soft commit; it returns once the shard
 * leader has written and fsynced its transaction log (the configset's {@code syncLevel=FSYNC}), forwarded the
 * update to the live replicas, and opened a searcher. The achieved replication factor ({@code rf}) is checked: an
 * update that reached fewer replicas than the collection has is logged (the leader's tlog has it; the replica
 * recovers from the leader when it comes back). Other writers' adds become searchable by the collection's
 * autoSoftCommit (500 ms).
 */
final class SolrStore implements EntryStore {
    private static final Logger LOG = LoggerFactory.getLogger(SolrStore.class);
    static final String SCHEME = "solr:";
    private static final String META_FL = String.join(",", EntryDocs.META_FIELDS);
    private static final int SCAN_PAGE = 500;

    static {
        // SolrJ logs a stack trace on every call while a listed node is down, and again when its background
        // live-node refresh races client close; a down node is expected here (and shows in the cluster's state).
        String quiet = "org.slf4j.simpleLogger.log.org.apache.solr.client.solrj.impl.BaseHttpClusterStateProvider";
        if (System.getProperty(quiet) == null) {
            System.setProperty(quiet, "error");
        }
    }

    private final CloudSolrClient client;
    private final String collection;
    private final int searchWidth;
    private final List<SolrInputDocument> pending = new ArrayList<>();

    private SolrStore(CloudSolrClient client, String collection, int searchWidth) {
        this.client = client;
        this.collection = collection;
        this.searchWidth = searchWidth;
    }

    /** True for a store URL this class opens ({@code solr:http://host:port/solr/collection[,http://...]}). */
    static boolean handles(String storeUrl) {
        return storeUrl != null && storeUrl.startsWith(SCHEME);
    }

    /**
     * Connects to the collection in {@code storeUrl}: {@code solr:} then one or more node URLs ending in the same
     * collection, comma-separated (more than one lets the client start while a node is down).
     */
    static SolrStore connect(String storeUrl, String encoder, BankOptions options) {
        if (!handles(storeUrl)) {
            throw new IllegalArgumentException("a Solr store URL starts with solr:, got " + storeUrl);
        }
        List<String> nodes = new ArrayList<>();
        String collection = null;
        for (String part : storeUrl.substring(SCHEME.length()).split(",")) {
            URI u;
            try {
                u = URI.create(part.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad Solr store URL " + part + ": " + e.getMessage(), e);
            }
            String path = u.getPath() == null ? "" : u.getPath().replaceAll("/+$", "");
            int slash = path.lastIndexOf('/');
            if (u.getScheme() == null || !u.getScheme().startsWith("http") || slash <= 0) {
                throw new IllegalArgumentException("a Solr store URL looks like solr:http://127.0.0.1:8983/solr/"
                        + "fakebank, got " + part);
            }
            String c = path.substring(slash + 1);
            if (collection != null && !collection.equals(c)) {
                throw new IllegalArgumentException("every node URL must name the same collection: " + collection
                        + " vs " + c);
            }
            collection = c;
            nodes.add(u.getScheme() + "://" + u.getAuthority() + path.substring(0, slash));
        }
        CloudSolrClient client = new CloudSolrClient.Builder(nodes)
                .withHttpClientBuilder(new HttpJdkSolrClient.Builder()
                        .withConnectionTimeout(5, TimeUnit.SECONDS)
                        .withIdleTimeout(60, TimeUnit.SECONDS)
                        .withRequestTimeout(120, TimeUnit.SECONDS)
                        .useHttp1_1(true))
                .withDefaultCollection(collection)
                .withRetryExpiryTime(2, TimeUnit.SECONDS)
                .build();
        SolrStore store = new SolrStore(client, collection, options.searchWidth());
        try {
            store.checkEncoder(encoder);
        } catch (RuntimeException e) {
            store.closeQuietly();
            throw e;
        }
        return store;
    }

    /** A collection holds one encoder's vectors: refuse to mix (a local bank checks bank.json the same way). */
    private void checkEncoder(String encoder) {
        SolrQuery q = new SolrQuery("*:*").setRows(1).setFields(EntryDocs.ENCODER);
        q.addFilterQuery("-" + EntryDocs.ENCODER + ":" + quote(encoder));
        List<SolrDocument> other = query(q).getResults();
        if (!other.isEmpty()) {
            throw new ConflictException("the Solr collection " + collection + " holds vectors of encoder "
                    + other.getFirst().getFirstValue(EntryDocs.ENCODER) + ", not " + encoder);
        }
    }

    /** Every add adds a document and every removal turns a live one into a tombstone: live + 2 x removed. */
    @Override
    public long committedVersion() {
        BankIndex.Counts c = counts();
        return c.live() + 2 * c.deleted();
    }

    @Override
    public void put(EntryRecord r) {
        pending.add(toDocument(r));
    }

    @Override
    public void refresh() {
        UpdateRequest req = new UpdateRequest();
        if (!pending.isEmpty()) {
            req.add(pending);
        }
        req.setAction(AbstractUpdateRequest.ACTION.COMMIT, false, true, true); // soft commit, wait for searcher
        UpdateResponse rsp = process(req);
        if (!pending.isEmpty()) {
            checkReplication(rsp);
        }
        pending.clear();
    }

    private void checkReplication(UpdateResponse rsp) {
        Object rf = rsp.getResponseHeader() == null ? null : rsp.getResponseHeader().get("rf");
        int achieved = rf instanceof Number n ? n.intValue() : client.getMinAchievedReplicationFactor(collection,
                rsp.getResponse());
        int wanted = replicationFactor();
        if (achieved < wanted) {
            LOG.warn("solr store {}: update reached {} of {} replicas (a replica is down; it recovers from the "
                    + "leader when it returns)", collection, achieved, wanted);
        }
    }

    private int replicationFactor() {
        try {
            return client.getClusterState().getCollection(collection).getReplicationFactor();
        } catch (RuntimeException e) {
            return 1;
        }
    }

    /** Solr's transaction log makes acknowledged updates durable; its autoCommit bounds replay. Nothing to do. */
    @Override
    public void commit(long version) {
        if (!pending.isEmpty()) {
            refresh();
        }
    }

    @Override
    public Optional<EntryRecord> byId(String id, boolean thumbnail) {
        return getById(id, thumbnail ? META_FL + "," + EntryDocs.THUMBNAIL : META_FL).map(d -> fromDocument(d, null));
    }

    @Override
    public boolean exists(String id) {
        return getById(id, EntryDocs.ID).isPresent();
    }

    /** Real-time get: sees acknowledged updates before any commit. */
    private Optional<SolrDocument> getById(String id, String fl) {
        ModifiableSolrParams p = new ModifiableSolrParams();
        p.set("fl", fl);
        try {
            return Optional.ofNullable(client.getById(collection, id, p));
        } catch (SolrServerException | IOException | RuntimeException e) {
            throw unavailable("get " + id, e);
        }
    }

    @Override
    public Optional<String> liveIdForSha256(String sha256) {
        SolrQuery q = new SolrQuery(EntryDocs.SHA256 + ":" + quote(sha256)).setRows(1).setFields(EntryDocs.ID);
        q.addFilterQuery(EntryDocs.DELETED + ":false");
        q.setSort(EntryDocs.ID, SolrQuery.ORDER.asc);
        List<SolrDocument> d = query(q).getResults();
        return d.isEmpty() ? Optional.empty() : Optional.of((String) d.getFirst().getFirstValue(EntryDocs.ID));
    }

    @Override
    public int searchWidth() {
        return searchWidth;
    }

    @Override
    public List<Match> search(float[] unitQuery, int k, int candidates, SearchFilter filter) {
        int width = Math.max(k, candidates);
        StringBuilder v = new StringBuilder(unitQuery.length * 12).append('[');
        for (int i = 0; i < unitQuery.length; i++) {
            v.append(i == 0 ? "" : ",").append(unitQuery[i]);
        }
        SolrQuery q = new SolrQuery("{!knn f=" + HnswSetup.VECTOR_FIELD + " topK=" + width + "}" + v.append(']'));
        // Filter queries pre-filter the HNSW search (Solr 9.1+), as the local index's filtered k-NN does.
        for (String fq : filterQueries(filter)) {
            q.addFilterQuery(fq);
        }
        // Only the top k come back (HNSW still gathers `width` candidates), ordered like the local index.
        q.setRows(k).setFields(META_FL + ",score");
        q.setSort("score", SolrQuery.ORDER.desc);
        q.addSort(EntryDocs.ID, SolrQuery.ORDER.asc);
        List<Match> matches = new ArrayList<>();
        for (SolrDocument d : query(q).getResults()) {
            float score = ((Number) d.getFirstValue("score")).floatValue();
            matches.add(fromDocument(d, null).toMatch(HnswSetup.similarity(score)));
        }
        Collections.sort(matches);
        return List.copyOf(matches.subList(0, Math.min(k, matches.size())));
    }

    static List<String> filterQueries(SearchFilter f) {
        List<String> fqs = new ArrayList<>();
        if (f == null || f.isEmpty()) {
            return fqs;
        }
        if (f.label() != null) {
            fqs.add(EntryDocs.LABEL + ":" + quote(f.label().json()));
        }
        if (f.generator() != null) {
            fqs.add(EntryDocs.GENERATOR_KEY + ":" + quote(EntryDocs.generatorKey(f.generator().trim())));
        }
        if (f.family() != null) {
            fqs.add(EntryDocs.FAMILY + ":" + quote(f.family().json()));
        }
        if (f.addedAfter() != null) {
            fqs.add(EntryDocs.ADDED_AT + ":{" + f.addedAfter().toEpochMilli() + " TO *]");
        }
        return fqs;
    }

    /**
     * Pages through live entries in id order with a cursor (stable while entries are added or removed, but not
     * one point-in-time snapshot as the local index gives: an entry changed during the scan may be missed).
     */
    @Override
    public void scanLive(boolean thumbnails, Consumer<Long> count, Consumer<EntryRecord> sink) {
        String cursor = CursorMarkParams.CURSOR_MARK_START;
        boolean first = true;
        while (true) {
            SolrQuery q = new SolrQuery("*:*").setRows(SCAN_PAGE)
                    .setFields(META_FL + "," + HnswSetup.VECTOR_FIELD + (thumbnails ? "," + EntryDocs.THUMBNAIL : ""));
            q.addFilterQuery(EntryDocs.DELETED + ":false");
            q.setSort(EntryDocs.ID, SolrQuery.ORDER.asc);
            q.set(CursorMarkParams.CURSOR_MARK_PARAM, cursor);
            QueryResponse rsp = query(q);
            if (first) {
                count.accept(rsp.getResults().getNumFound());
                first = false;
            }
            for (SolrDocument d : rsp.getResults()) {
                sink.accept(fromDocument(d, vector(d.getFieldValues(HnswSetup.VECTOR_FIELD))));
            }
            String next = rsp.getNextCursorMark();
            if (next == null || next.equals(cursor)) {
                return;
            }
            cursor = next;
        }
    }

    @Override
    public long liveCount() {
        SolrQuery q = new SolrQuery(EntryDocs.DELETED + ":false").setRows(0);
        return query(q).getResults().getNumFound();
    }

    @Override
    public BankIndex.Counts counts() {
        SolrQuery q = new SolrQuery(EntryDocs.DELETED + ":false").setRows(0).setFacet(true).setFacetLimit(-1)
                .setFacetMinCount(1);
        q.addFacetField(EntryDocs.LABEL, EntryDocs.FAMILY, EntryDocs.GENERATOR);
        QueryResponse live = query(q);
        long deleted = query(new SolrQuery(EntryDocs.DELETED + ":true").setRows(0)).getResults().getNumFound();
        return new BankIndex.Counts(live.getResults().getNumFound(), deleted, facet(live, EntryDocs.LABEL),
                facet(live, EntryDocs.FAMILY), facet(live, EntryDocs.GENERATOR));
    }

    private static Map<String, Long> facet(QueryResponse rsp, String field) {
        Map<String, Long> counts = new TreeMap<>();
        FacetField f = rsp.getFacetField(field);
        if (f != null && f.getValues() != null) {
            for (FacetField.Count c : f.getValues()) {
                counts.put(c.getName(), c.getCount());
            }
        }
        return counts;
    }

    /** Drops what was not yet sent (acknowledged updates are in the cluster and stay). */
    @Override
    public void rollback() {
        pending.clear();
        closeQuietly();
    }

    @Override
    public void close() throws IOException {
        if (!pending.isEmpty()) {
            refresh();
        }
        client.close();
    }

    private void closeQuietly() {
        try {
            client.close();
        } catch (RuntimeException ignored) {
            // already failing or rolling back
        }
    }

    // ---- documents ----

    static SolrInputDocument toDocument(EntryRecord r) {
        SolrInputDocument d = new SolrInputDocument();
        d.setField(EntryDocs.ID, r.id());
        d.setField(EntryDocs.SHA256, r.sha256());
        d.setField(EntryDocs.LABEL, r.label().json());
        if (r.generator() != null) {
            d.setField(EntryDocs.GENERATOR, r.generator());
            d.setField(EntryDocs.GENERATOR_KEY, EntryDocs.generatorKey(r.generator()));
        }
        d.setField(EntryDocs.FAMILY, r.family().json());
        setIfPresent(d, EntryDocs.SOURCE, r.source());
        setIfPresent(d, EntryDocs.NOTE, r.note());
        d.setField(EntryDocs.ADDED_AT, r.addedAt().toEpochMilli());
        setIfPresent(d, EntryDocs.ADDED_BY, r.addedBy());
        setIfPresent(d, EntryDocs.ENCODER, r.encoder());
        if (r.vector() != null && !r.deleted()) {
            List<Float> v = new ArrayList<>(r.vector().length);
            for (float x : r.vector()) {
                v.add(x);
            }
            d.setField(HnswSetup.VECTOR_FIELD, v);
        }
        if (r.thumbnail() != null) {
            d.setField(EntryDocs.THUMBNAIL, r.thumbnail());
        }
        d.setField(EntryDocs.HAS_ORIGINAL, r.hasOriginal());
        d.setField(EntryDocs.DELETED, r.deleted());
        if (r.deleted()) {
            setIfPresent(d, EntryDocs.DELETE_REASON, r.deleteReason());
            setIfPresent(d, EntryDocs.DELETED_BY, r.deletedBy());
            if (r.deletedAt() != null) {
                d.setField(EntryDocs.DELETED_AT, r.deletedAt().toEpochMilli());
            }
        }
        return d;
    }

    static EntryRecord fromDocument(SolrDocument d, float[] vector) {
        Object deletedAt = d.getFirstValue(EntryDocs.DELETED_AT);
        return new EntryRecord(
                str(d, EntryDocs.ID),
                str(d, EntryDocs.SHA256),
                Label.parse(str(d, EntryDocs.LABEL)),
                str(d, EntryDocs.GENERATOR),
                Family.parse(str(d, EntryDocs.FAMILY)),
                str(d, EntryDocs.SOURCE),
                str(d, EntryDocs.NOTE),
                java.time.Instant.ofEpochMilli(((Number) d.getFirstValue(EntryDocs.ADDED_AT)).longValue()),
                str(d, EntryDocs.ADDED_BY),
                str(d, EntryDocs.ENCODER),
                vector,
                bytes(d.getFirstValue(EntryDocs.THUMBNAIL)),
                Boolean.TRUE.equals(d.getFirstValue(EntryDocs.HAS_ORIGINAL)),
                Boolean.TRUE.equals(d.getFirstValue(EntryDocs.DELETED)),
                str(d, EntryDocs.DELETE_REASON),
                deletedAt == null ? null : java.time.Instant.ofEpochMilli(((Number) deletedAt).longValue()),
                str(d, EntryDocs.DELETED_BY));
    }

    private static String str(SolrDocument d, String field) {
        Object v = d.getFirstValue(field);
        return v == null ? null : v.toString();
    }

    private static byte[] bytes(Object v) {
        return switch (v) {
            case null -> null;
            case byte[] b -> b;
            case ByteBuffer bb -> {
                byte[] b = new byte[bb.remaining()];
                bb.duplicate().get(b);
                yield b;
            }
            default -> Base64.getDecoder().decode(v.toString());
        };
    }

    private static float[] vector(Collection<Object> values) {
        if (values == null) {
            return null;
        }
        float[] v = new float[values.size()];
        int i = 0;
        for (Object o : values) {
            v[i++] = ((Number) o).floatValue();
        }
        return v;
    }

    private static void setIfPresent(SolrInputDocument d, String field, String value) {
        if (value != null) {
            d.setField(field, value);
        }
    }

    /** A term for the standard query parser, quoted and escaped. */
    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    // ---- requests ----

    private QueryResponse query(SolrQuery q) {
        try {
            // POST: a query vector is tens of kilobytes of text
            return client.query(collection, q, SolrRequest.METHOD.POST);
        } catch (SolrServerException | IOException | RuntimeException e) {
            throw unavailable("query", e);
        }
    }

    private UpdateResponse process(UpdateRequest req) {
        try {
            return req.process(client, collection);
        } catch (SolrServerException | IOException | RuntimeException e) {
            throw unavailable("update", e);
        }
    }

    private UncheckedIOException unavailable(String what, Exception e) {
        return new UncheckedIOException("solr store " + collection + ": " + what + " failed: " + e.getMessage(),
                e instanceof IOException io ? io : new IOException(e));
    }
}
