package fakebank.bank;

import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.PatienceKnnVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.quantization.QuantizedByteVectorValues.ScalarEncoding;

/**
 * The Lucene codec and k-NN query the bank is built on, public so that the search benchmark measures exactly the
 * same setup. Vectors are unit length and compared with {@link VectorSimilarityFunction#DOT_PRODUCT}, whose Lucene
 * score is {@code (1 + cosine) / 2}; {@link #similarity(float)} turns it back into a cosine similarity.
 */
public final class HnswSetup {
    /** The one vector field of a bank document. */
    public static final String VECTOR_FIELD = "vector";

    /**
     * Largest vector dimension the codec accepts. Lucene's formats stop at 1024 by default, below common image
     * encoders (e.g. 1792), so {@link #codec} raises the limit.
     */
    public static final int MAX_DIMENSIONS = 4096;

    /**
     * From this many documents on, a query's graph walk stops once its candidate queue has settled: Lucene's
     * {@code PatienceKnnVectorQuery} (Teofili and Lin, ECIR 2025) with its defaults, saturation 0.995 and patience
     * max(7, 0.3 x the width). Why: in a large graph most of a query's dot products come after the best candidates
     * are found (docs/performance.md, "Early termination"); in a small one a query costs well under a millisecond
     * and the walk stays exhaustive, so small banks answer exactly as before.
     */
    public static final int EARLY_STOP_FROM_DOCS = 100_000;

    private HnswSetup() {
    }

    /**
     * The default Lucene codec with every vector field on HNSW: float32 ({@code Lucene99HnswVectorsFormat}) or,
     * when {@code quantized}, int8 scalar-quantized ({@code Lucene104HnswScalarQuantizedVectorsFormat}, which keeps
     * the raw floats next to the quantized ones, so full-precision rescoring and {@code FloatVectorValues} still work).
     */
    public static Codec codec(int m, int beamWidth, boolean quantized) {
        return codec(m, beamWidth, quantized, 1, null);
    }

    /** As {@link #codec(int, int, boolean)}, with {@code mergeWorkers} threads of {@code mergeExec} merging graphs. */
    public static Codec codec(int m, int beamWidth, boolean quantized, int mergeWorkers, ExecutorService mergeExec) {
        return codec(m, beamWidth, quantized ? ScalarEncoding.UNSIGNED_BYTE : null, mergeWorkers, mergeExec);
    }

    /**
     * As {@link #codec(int, int, boolean, int, ExecutorService)} with any of Lucene's scalar encodings for the graph
     * (int8, int7, int4, ...; the raw floats are kept beside them), or float32 when {@code quantization} is null.
     */
    public static Codec codec(int m, int beamWidth, ScalarEncoding quantization, int mergeWorkers,
            ExecutorService mergeExec) {
        KnnVectorsFormat format = quantization != null
                ? new Lucene104HnswScalarQuantizedVectorsFormat(quantization, m, beamWidth, mergeWorkers, mergeExec)
                : new Lucene99HnswVectorsFormat(m, beamWidth, mergeWorkers, mergeExec);
        KnnVectorsFormat wide = new WithMaxDimensions(format, MAX_DIMENSIONS);
        return new Lucene104Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return wide;
            }
        };
    }

    /**
     * A vector format that only raises the dimension limit (checked when indexing, never when reading). It takes
     * its delegate's name, which is what segments record, so readers load the stock Lucene format by SPI and an
     * index written with it opens anywhere.
     */
    private static final class WithMaxDimensions extends KnnVectorsFormat {
        private final KnnVectorsFormat delegate;
        private final int maxDimensions;

        WithMaxDimensions(KnnVectorsFormat delegate, int maxDimensions) {
            super(delegate.getName());
            this.delegate = delegate;
            this.maxDimensions = maxDimensions;
        }

        @Override
        public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
            return delegate.fieldsWriter(state);
        }

        @Override
        public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
            return delegate.fieldsReader(state);
        }

        @Override
        public int getMaxDimensions(String fieldName) {
            return maxDimensions;
        }

        @Override
        public String toString() {
            return delegate + "(maxDimensions=" + maxDimensions + ")";
        }
    }

    public static KnnFloatVectorField vectorField(float[] unitVector) {
        return new KnnFloatVectorField(VECTOR_FIELD, unitVector, VectorSimilarityFunction.DOT_PRODUCT);
    }

    /**
     * The top {@code width} live documents for a unit query by HNSW (Lucene's k is also its beam width, so ask for
     * ~100 and keep the top k), restricted to {@code filter} (may be null). With {@code rescore} the candidates are
     * re-ranked by dot products with their full-precision vectors (for the int8 index, whose HNSW scores are
     * approximate). Scores are Lucene DOT_PRODUCT scores either way; see {@link #similarity(float)}.
     */
    public static TopDocs search(IndexSearcher searcher, float[] unitQuery, int width, Query filter, boolean rescore)
            throws IOException {
        TopDocs top = searcher.search(knnQuery(searcher.getIndexReader(), unitQuery, width, filter), width);
        return rescore ? rescore(searcher.getIndexReader(), unitQuery, top) : top;
    }

    /** The bank's k-NN query over {@code reader}: early termination from {@link #EARLY_STOP_FROM_DOCS} on. */
    public static Query knnQuery(IndexReader reader, float[] unitQuery, int width, Query filter) {
        KnnFloatVectorQuery exhaustive = new KnnFloatVectorQuery(VECTOR_FIELD, unitQuery, width, filter);
        return reader.maxDoc() >= EARLY_STOP_FROM_DOCS ? PatienceKnnVectorQuery.fromFloatQuery(exhaustive)
                : exhaustive;
    }

    /**
     * {@code top} (doc ids of {@code reader}) re-ranked by dot products of {@code unitQuery} with the documents'
     * full-precision vectors, best first; for results of a quantized graph, whose scores are approximate.
     */
    public static TopDocs rescore(IndexReader reader, float[] unitQuery, TopDocs top) throws IOException {
        if (top.scoreDocs.length == 0) {
            return top;
        }
        // Done by hand: Lucene 10.6's RescoreTopNQuery throws when the k-NN query matches nothing.
        ScoreDoc[] docs = top.scoreDocs.clone();
        Arrays.sort(docs, Comparator.comparingInt(sd -> sd.doc));
        List<LeafReaderContext> leaves = reader.leaves();
        int leafIndex = -1;
        LeafReaderContext leaf = null;
        FloatVectorValues vectors = null;
        KnnVectorValues.DocIndexIterator it = null;
        for (ScoreDoc sd : docs) {
            int li = ReaderUtil.subIndex(sd.doc, leaves);
            if (li != leafIndex) {
                leafIndex = li;
                leaf = leaves.get(li);
                vectors = leaf.reader().getFloatVectorValues(VECTOR_FIELD);
                it = vectors.iterator();
            }
            int doc = sd.doc - leaf.docBase;
            if (it.docID() < doc) {
                it.advance(doc);
            }
            if (it.docID() == doc) {
                sd.score = VectorSimilarityFunction.DOT_PRODUCT.compare(unitQuery, vectors.vectorValue(it.index()));
            }
        }
        Arrays.sort(docs, (a, b) -> a.score != b.score ? Float.compare(b.score, a.score) : Integer.compare(a.doc,
                b.doc));
        return new TopDocs(top.totalHits, docs);
    }

    /** Cosine similarity in [-1, 1] from a DOT_PRODUCT score. */
    public static float similarity(float luceneScore) {
        return 2f * luceneScore - 1f;
    }
}
