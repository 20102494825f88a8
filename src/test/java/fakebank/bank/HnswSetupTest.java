package fakebank.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.PatienceKnnVectorQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bank's k-NN query on real on-disk indexes on either side of the early-termination size. */
class HnswSetupTest {
    private static final int DIM = 16;
    private static final int VECTORS = 2000;

    @TempDir
    Path dir;

    @Test
    void a_small_index_walks_the_whole_graph_and_a_large_one_stops_early_yet_finds_an_indexed_vector()
            throws IOException {
        Random random = new Random(3);
        float[][] vectors = new float[VECTORS][];
        for (int i = 0; i < VECTORS; i++) {
            vectors[i] = TestBanks.unit(random, DIM);
        }
        try (FSDirectory small = FSDirectory.open(dir.resolve("small"));
                FSDirectory large = FSDirectory.open(dir.resolve("large"))) {
            write(small, vectors, HnswSetup.EARLY_STOP_FROM_DOCS - 1 - VECTORS);
            write(large, vectors, HnswSetup.EARLY_STOP_FROM_DOCS - VECTORS);
            try (DirectoryReader s = DirectoryReader.open(small); DirectoryReader l = DirectoryReader.open(large)) {
                assertEquals(HnswSetup.EARLY_STOP_FROM_DOCS - 1, s.maxDoc());
                assertInstanceOf(KnnFloatVectorQuery.class, HnswSetup.knnQuery(s, vectors[0], 10, null));
                assertInstanceOf(PatienceKnnVectorQuery.class, HnswSetup.knnQuery(l, vectors[0], 10, null));
                IndexSearcher searcher = new IndexSearcher(l);
                for (int i = 0; i < 50; i++) {
                    TopDocs top = HnswSetup.search(searcher, vectors[i], 10, null, false);
                    // the vectors were added first, so doc i holds vectors[i]: its own nearest neighbour
                    assertEquals(i, top.scoreDocs[0].doc, "query " + i);
                }
            }
        }
    }

    /** The vectors first, then {@code padding} documents without one (stored entries of other kinds count too). */
    private static void write(FSDirectory d, float[][] vectors, int padding) throws IOException {
        IndexWriterConfig config = new IndexWriterConfig().setCodec(HnswSetup.codec(16, 100, false))
                .setRAMBufferSizeMB(256);
        try (IndexWriter w = new IndexWriter(d, config)) {
            for (float[] v : vectors) {
                Document doc = new Document();
                doc.add(HnswSetup.vectorField(v));
                w.addDocument(doc);
            }
            Document empty = new Document();
            for (int i = 0; i < padding; i++) {
                w.addDocument(empty);
            }
            w.forceMerge(1);
        }
    }
}
