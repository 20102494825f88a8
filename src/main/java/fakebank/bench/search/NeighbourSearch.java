package fakebank.bench.search;

import fakebank.bank.HnswSetup;
import java.io.IOException;
import java.util.List;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.AcceptDocs;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.PatienceKnnVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;

/**
 * One way of asking Lucene for the {@code width} nearest documents of a unit query; results best first. A quantized
 * graph's candidates are re-ranked with the raw floats: the first {@code rescoreDepth} of them ({@link #ALL}: every
 * one, as the bank does; {@link #NONE}: none, for float32).
 */
interface NeighbourSearch {
    int NONE = 0;
    int ALL = Integer.MAX_VALUE;

    ScoreDoc[] search(float[] unitQuery, int width) throws IOException;

    /**
     * The bank's own path: {@link HnswSetup#search}, its k-NN query run by an IndexSearcher (with early termination
     * from {@link HnswSetup#EARLY_STOP_FROM_DOCS} documents on).
     */
    static NeighbourSearch query(IndexSearcher searcher, int rescoreDepth) {
        if (rescoreDepth == NONE || rescoreDepth == ALL) {
            return (q, width) -> HnswSetup.search(searcher, q, width, null, rescoreDepth == ALL).scoreDocs;
        }
        return (q, width) -> HnswSetup.rescore(searcher.getIndexReader(), q,
                firstOf(HnswSetup.search(searcher, q, width, null, false), rescoreDepth)).scoreDocs;
    }

    /** A plain {@code KnnFloatVectorQuery} whatever the index size: the walk without early termination. */
    static NeighbourSearch exhaustive(IndexSearcher searcher, int rescoreDepth) {
        return (q, width) -> {
            TopDocs top = searcher.search(new KnnFloatVectorQuery(HnswSetup.VECTOR_FIELD, q, width), width);
            return reranked(searcher.getIndexReader(), q, top, rescoreDepth);
        };
    }

    /**
     * A plain k-NN query wrapped in Lucene's {@code PatienceKnnVectorQuery} (Teofili and Lin, "Patience in Proximity",
     * ECIR 2025): a segment's graph walk stops early once its top-{@code width} queue has kept
     * {@code saturation} of its members for {@code patience} consecutive candidates. Why try it: at 1M most of a
     * query's dot products come after the queue has settled. Lucene's defaults are 0.995 and max(7, 0.3 width);
     * {@code patience} 0 takes them (what the bank does at scale).
     */
    static NeighbourSearch patience(IndexSearcher searcher, int rescoreDepth, double saturation, int patience) {
        return (q, width) -> {
            var knn = new KnnFloatVectorQuery(HnswSetup.VECTOR_FIELD, q, width);
            // Lucene's default patience, spelled out so that --saturation applies with it too
            int steps = patience > 0 ? patience : Math.max(7, (int) (width * 0.3));
            var query = PatienceKnnVectorQuery.fromFloatQuery(knn, saturation, steps);
            TopDocs top = searcher.search(query, width);
            return reranked(searcher.getIndexReader(), q, top, rescoreDepth);
        };
    }

    /**
     * Straight to each segment's HNSW graph ({@code LeafReader.searchNearestVectors}), one segment after the other,
     * without the query's rewrite, weight and collector: the lower bound of what the query path can cost.
     */
    static NeighbourSearch leaf(IndexReader reader, int rescoreDepth) {
        List<LeafReaderContext> leaves = reader.leaves();
        return (q, width) -> {
            TopDocs[] perLeaf = new TopDocs[leaves.size()];
            for (int i = 0; i < perLeaf.length; i++) {
                LeafReaderContext ctx = leaves.get(i);
                LeafReader r = ctx.reader();
                TopDocs top = r.searchNearestVectors(HnswSetup.VECTOR_FIELD, q, width,
                        AcceptDocs.fromLiveDocs(r.getLiveDocs(), r.maxDoc()), Integer.MAX_VALUE);
                for (ScoreDoc sd : top.scoreDocs) {
                    sd.doc += ctx.docBase;
                }
                perLeaf[i] = top;
            }
            TopDocs top = perLeaf.length == 1 ? perLeaf[0] : TopDocs.merge(width, perLeaf);
            return reranked(reader, q, top, rescoreDepth);
        };
    }

    /** {@code top} as it is, or its first {@code rescoreDepth} re-ranked with the raw floats. */
    private static ScoreDoc[] reranked(IndexReader reader, float[] q, TopDocs top, int rescoreDepth)
            throws IOException {
        return (rescoreDepth == NONE ? top : HnswSetup.rescore(reader, q, firstOf(top, rescoreDepth))).scoreDocs;
    }

    /** The best {@code n} of {@code top}, which is sorted best first. */
    private static TopDocs firstOf(TopDocs top, int n) {
        return top.scoreDocs.length <= n ? top
                : new TopDocs(top.totalHits, java.util.Arrays.copyOf(top.scoreDocs, n));
    }
}
