package fakebank.bank;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The index behind the bank: where entry records live and how they are found. Two implementations: the local
 * Lucene index ({@link BankIndex}, the default) and a SolrCloud collection ({@link SolrStore}). The bank above it
 * keeps originals, the journal and the audit log, and serialises writes; stores need not be safe for concurrent
 * writers, but reads may come from any thread.
 *
 * <p>Vectors are unit length with the bank's dimension. Exactly one document per id; a removal replaces the
 * document with a vector-less tombstone, so tombstones never match a vector query. Writes ({@link #put}) become
 * visible to searches after {@link #refresh()}. What "acknowledged" means differs: the local store relies on the
 * bank's fsynced journal until {@link #commit}; the Solr store's {@link #refresh()} returns once the shard leader has
 * written (and fsynced) its transaction log and forwarded the update to its replicas.
 */
interface EntryStore extends Closeable {
    /** The bank version recorded by the store (local: last commit's; Solr: derived from its document counts). */
    long committedVersion();

    /** Adds or replaces the document of {@code r.id()}. */
    void put(EntryRecord r);

    /** Makes every earlier {@link #put} durable (as the store defines it) and visible to searches. */
    void refresh();

    /** A durable point the store can restart from; the bank empties its journal afterwards. */
    void commit(long version);

    /** The record of {@code id} (live or tombstone) without its vector; {@code thumbnail} loads it too. */
    Optional<EntryRecord> byId(String id, boolean thumbnail);

    boolean exists(String id);

    Optional<String> liveIdForSha256(String sha256);

    /** Top-k live entries, sorted by similarity then id, gathering {@code candidates} HNSW candidates. */
    List<Match> search(float[] unitQuery, int k, int candidates, SearchFilter filter);

    /** HNSW candidates gathered per query by default ({@link BankOptions#searchWidth()}). */
    int searchWidth();

    /** As {@link #search(float[], int, int, SearchFilter)} with the default candidate count. */
    default List<Match> search(float[] unitQuery, int k, SearchFilter filter) {
        return search(unitQuery, k, searchWidth(), filter);
    }

    /** Every live entry with its vector; {@code count} first receives how many there are. */
    void scanLive(boolean thumbnails, Consumer<Long> count, Consumer<EntryRecord> sink);

    long liveCount();

    BankIndex.Counts counts();

    /** Crash simulation for tests: drops what is not durable and closes. */
    void rollback() throws IOException;

    /** True when opened for reading only (no writer, no lock). */
    default boolean readOnly() {
        return false;
    }

    /** Rewrites storage so removed entries' bytes (thumbnails) are gone, where the store keeps them at all. */
    default void purgeDeleted() {
    }

    /** True after a failed write left the store unusable until it is reopened. */
    default boolean broken() {
        return false;
    }

    /** Drops uncommitted state and closes, never throwing: before a reopen after a storage failure. */
    default void rollbackQuietly() {
    }
}
