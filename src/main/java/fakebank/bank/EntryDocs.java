package fakebank.bank;

import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/**
 * Maps {@link EntryRecord}s to Lucene documents and back. Keyword fields (id, sha256, label, family, generator,
 * deleted) are indexed for exact filters; added_at is a LongPoint for range filters; the vector lives only in the
 * k-NN field (tombstones have none, so they can never match a vector query).
 */
final class EntryDocs {
    static final String ID = "id";
    static final String SHA256 = "sha256";
    static final String LABEL = "label";
    static final String GENERATOR = "generator";
    /** Lower-cased generator, indexed only: filters ignore case, stats keep the spelling users gave. */
    static final String GENERATOR_KEY = "generator_key";
    static final String FAMILY = "family";
    static final String SOURCE = "source";
    static final String NOTE = "note";
    static final String ADDED_AT = "added_at";
    static final String ADDED_BY = "added_by";
    static final String ENCODER = "encoder";
    static final String THUMBNAIL = "thumbnail";
    static final String HAS_ORIGINAL = "has_original";
    static final String DELETED = "deleted";
    static final String DELETE_REASON = "delete_reason";
    static final String DELETED_AT = "deleted_at";
    static final String DELETED_BY = "deleted_by";

    /** Stored fields without the thumbnail: what searches and scans need. */
    static final Set<String> META_FIELDS = Set.of(ID, SHA256, LABEL, GENERATOR, FAMILY, SOURCE, NOTE, ADDED_AT,
            ADDED_BY, ENCODER, HAS_ORIGINAL, DELETED, DELETE_REASON, DELETED_AT, DELETED_BY);

    private EntryDocs() {
    }

    static Term idTerm(String id) {
        return new Term(ID, id);
    }

    static Term deletedTerm() {
        return new Term(DELETED, "true");
    }

    static Query live() {
        return new TermQuery(new Term(DELETED, "false"));
    }

    static Query liveWith(String field, String value) {
        return new BooleanQuery.Builder()
                .add(new TermQuery(new Term(field, value)), BooleanClause.Occur.FILTER)
                .add(live(), BooleanClause.Occur.FILTER)
                .build();
    }

    static String generatorKey(String generator) {
        return generator.toLowerCase(Locale.ROOT);
    }

    /** The filter query for a search, or null when nothing restricts it. */
    static Query filter(SearchFilter f) {
        if (f == null || f.isEmpty()) {
            return null;
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        if (f.label() != null) {
            b.add(new TermQuery(new Term(LABEL, f.label().json())), BooleanClause.Occur.FILTER);
        }
        if (f.generator() != null) {
            b.add(new TermQuery(new Term(GENERATOR_KEY, generatorKey(f.generator().trim()))),
                    BooleanClause.Occur.FILTER);
        }
        if (f.family() != null) {
            b.add(new TermQuery(new Term(FAMILY, f.family().json())), BooleanClause.Occur.FILTER);
        }
        if (f.addedAfter() != null) {
            long after = f.addedAfter().toEpochMilli();
            b.add(LongPoint.newRangeQuery(ADDED_AT, after == Long.MAX_VALUE ? after : after + 1, Long.MAX_VALUE),
                    BooleanClause.Occur.FILTER);
        }
        return b.build();
    }

    static Document toDocument(EntryRecord r) {
        Document d = new Document();
        d.add(new StringField(ID, r.id(), Field.Store.YES));
        d.add(new StringField(SHA256, r.sha256(), Field.Store.YES));
        d.add(new StringField(LABEL, r.label().json(), Field.Store.YES));
        if (r.generator() != null) {
            d.add(new StringField(GENERATOR, r.generator(), Field.Store.YES));
            d.add(new StringField(GENERATOR_KEY, generatorKey(r.generator()), Field.Store.NO));
        }
        d.add(new StringField(FAMILY, r.family().json(), Field.Store.YES));
        storeIfPresent(d, SOURCE, r.source());
        storeIfPresent(d, NOTE, r.note());
        long addedAt = r.addedAt().toEpochMilli();
        d.add(new LongPoint(ADDED_AT, addedAt));
        d.add(new StoredField(ADDED_AT, addedAt));
        storeIfPresent(d, ADDED_BY, r.addedBy());
        storeIfPresent(d, ENCODER, r.encoder());
        if (r.vector() != null && !r.deleted()) {
            d.add(HnswSetup.vectorField(r.vector()));
        }
        if (r.thumbnail() != null) {
            d.add(new StoredField(THUMBNAIL, r.thumbnail()));
        }
        d.add(new StoredField(HAS_ORIGINAL, r.hasOriginal() ? 1 : 0));
        d.add(new StringField(DELETED, Boolean.toString(r.deleted()), Field.Store.YES));
        if (r.deleted()) {
            storeIfPresent(d, DELETE_REASON, r.deleteReason());
            storeIfPresent(d, DELETED_BY, r.deletedBy());
            if (r.deletedAt() != null) {
                d.add(new StoredField(DELETED_AT, r.deletedAt().toEpochMilli()));
            }
        }
        return d;
    }

    /** The record of a stored document; {@code vector} is attached by the caller when it read one. */
    static EntryRecord fromDocument(Document d, float[] vector) {
        BytesRef thumb = d.getBinaryValue(THUMBNAIL);
        IndexableField deletedAt = d.getField(DELETED_AT);
        String generator = d.get(GENERATOR);
        return new EntryRecord(
                d.get(ID),
                d.get(SHA256),
                Label.parse(d.get(LABEL)),
                generator,
                Family.parse(d.get(FAMILY)),
                d.get(SOURCE),
                d.get(NOTE),
                Instant.ofEpochMilli(d.getField(ADDED_AT).numericValue().longValue()),
                d.get(ADDED_BY),
                d.get(ENCODER),
                vector,
                thumb == null ? null : BytesRef.deepCopyOf(thumb).bytes,
                d.getField(HAS_ORIGINAL).numericValue().intValue() == 1,
                Boolean.parseBoolean(d.get(DELETED)),
                d.get(DELETE_REASON),
                deletedAt == null ? null : Instant.ofEpochMilli(deletedAt.numericValue().longValue()),
                d.get(DELETED_BY));
    }

    private static void storeIfPresent(Document d, String field, String value) {
        if (value != null) {
            d.add(new StoredField(field, value));
        }
    }
}
