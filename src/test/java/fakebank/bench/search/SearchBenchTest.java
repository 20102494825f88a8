package fakebank.bench.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import fakebank.bank.HnswSetup;
import org.apache.lucene.codecs.hnsw.HnswGraphProvider;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.MemorySegmentAccessInput;
import org.apache.lucene.util.hnsw.HnswGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The search bench on a real on-disk Lucene index built from fvecs files: build once, reopen, both search paths. */
class SearchBenchTest {
    private static final int N = 3000;
    private static final int DIM = 32;
    private static final int QUERIES = 50;

    @TempDir
    Path tmp;

    @Test
    void builds_into_the_index_folder_once_and_reopens_it_on_the_next_run() throws IOException {
        Path base = writeFvecs(tmp.resolve("base.fvecs"), unitVectors(N, 1));
        Path queries = writeFvecs(tmp.resolve("q.fvecs"), unitVectors(QUERIES, 2));
        Path index = tmp.resolve("index");

        SearchBench.run(settings(base, queries, index, false), new PrintStream(new ByteArrayOutputStream()));
        Path segments;
        try (var files = Files.list(index.resolve("float32"))) {
            segments = files.filter(p -> p.getFileName().toString().startsWith("segments_")).findFirst().orElseThrow();
        }
        FileTime written = Files.getLastModifiedTime(segments);
        String second = run(settings(base, queries, index, false));

        assertEquals(written, Files.getLastModifiedTime(segments), "the second run rewrote the index");
        Matcher row = Pattern.compile("\"recall_at_10\": ([0-9.]+)").matcher(second);
        int rows = 0;
        while (row.find()) {
            rows++;
            // brute-force truth, tiny graph, beam 64: HNSW must find nearly all of the true top 10
            assertTrue(Double.parseDouble(row.group(1)) >= 0.95, second);
        }
        assertEquals(2, rows, "one row per path:\n" + second);
        assertTrue(second.contains("1 segment, query") && second.contains("1 segment, leaf"), second);
    }

    @Test
    void refuses_an_index_folder_built_from_other_vectors() throws IOException {
        Path base = writeFvecs(tmp.resolve("base.fvecs"), unitVectors(N, 1));
        Path other = writeFvecs(tmp.resolve("other.fvecs"), unitVectors(N / 2, 3));
        Path queries = writeFvecs(tmp.resolve("q.fvecs"), unitVectors(QUERIES, 2));
        Path index = tmp.resolve("index");
        SearchBench.run(settings(base, queries, index, true), new PrintStream(new ByteArrayOutputStream()));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SearchBench.run(settings(other, queries, index, false), System.out));
        assertTrue(e.getMessage().contains("was built from") && e.getMessage().contains("base.fvecs"), e.getMessage());
    }

    @Test
    void another_graph_goes_to_its_own_folder_and_its_rows_say_so() throws IOException {
        Path base = writeFvecs(tmp.resolve("base.fvecs"), unitVectors(N, 1));
        Path queries = writeFvecs(tmp.resolve("q.fvecs"), unitVectors(QUERIES, 2));
        Path index = tmp.resolve("index");
        SearchBench.run(settings(base, queries, index, true), new PrintStream(new ByteArrayOutputStream()));

        String rows = run(new SearchBench.Settings(base, queries, null, 10, List.of(1), List.of(64),
                List.of("float32"), List.of("merged"), List.of("query"), List.of(NeighbourSearch.ALL), 8, 50, false, 1,
                64, index, null, false, false, 20, 1, 0.995, List.of(0), false, true));

        assertTrue(Files.isDirectory(index.resolve("float32-m8-beam50")), "no folder of its own");
        assertTrue(rows.contains("\"setup\": \"lucene float32, 1 segment, query, M 8 beam 50\""), rows);
        assertThrows(IllegalArgumentException.class, () -> new SearchBench.Settings(base, queries, null, 10,
                List.of(1), List.of(64), List.of("float32"), List.of("merged"), List.of("query"),
                List.of(NeighbourSearch.ALL), 1, 100, false, 1, 64,
                index, null, false, false, 20, 1, 0.995, List.of(0), false, true));
    }

    @Test
    void leaf_path_finds_the_same_neighbours_as_the_banks_query_on_one_segment() throws IOException {
        Path base = writeFvecs(tmp.resolve("base.fvecs"), unitVectors(N, 1));
        float[][] qs = unitVectors(QUERIES, 2);
        BenchIndex index = BenchIndex.openOrBuild(tmp.resolve("index"), base, VectorFormat.FLOAT32,
                BenchIndex.Graph.DEFAULT, 1, 256,
                new PrintStream(new ByteArrayOutputStream()));
        assertEquals(1, index.segments());
        try (DirectoryReader reader = index.open(true)) {
            NeighbourSearch query = NeighbourSearch.query(new IndexSearcher(reader), NeighbourSearch.NONE);
            NeighbourSearch leaf = NeighbourSearch.leaf(reader, NeighbourSearch.NONE);
            for (float[] q : qs) {
                assertArrayEquals(docs(query.search(q, 20)), docs(leaf.search(q, 20)));
            }
        }
    }

    @Test
    void patience_changes_nothing_until_it_runs_out_and_then_stops_the_walk_early() throws IOException {
        Path base = writeFvecs(tmp.resolve("base.fvecs"), unitVectors(N, 1));
        float[][] qs = unitVectors(QUERIES, 2);
        BenchIndex index = BenchIndex.openOrBuild(tmp.resolve("index"), base, VectorFormat.FLOAT32,
                BenchIndex.Graph.DEFAULT, 1, 256, new PrintStream(new ByteArrayOutputStream()));
        try (DirectoryReader reader = index.open(false)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            NeighbourSearch query = NeighbourSearch.query(searcher, NeighbourSearch.NONE);
            NeighbourSearch endless = NeighbourSearch.patience(searcher, NeighbourSearch.NONE, 0.995, N);
            NeighbourSearch hasty = NeighbourSearch.patience(searcher, NeighbourSearch.NONE, 0.5, 1);
            int differ = 0;
            for (float[] q : qs) {
                int[] full = docs(query.search(q, 20));
                assertArrayEquals(full, docs(endless.search(q, 20)));
                differ += java.util.Arrays.equals(full, docs(hasty.search(q, 20))) ? 0 : 1;
            }
            // a walk that gives up after one quiet candidate misses neighbours the full walk finds
            assertTrue(differ > QUERIES / 2, differ + " of " + QUERIES + " queries changed");
        }
    }

    @Test
    void repeated_rounds_time_every_query_again_and_score_recall_once() throws IOException {
        Path base = writeFvecs(tmp.resolve("base.fvecs"), unitVectors(N, 1));
        float[][] qs = unitVectors(QUERIES, 2);
        BenchIndex index = BenchIndex.openOrBuild(tmp.resolve("index"), base, VectorFormat.FLOAT32,
                BenchIndex.Graph.DEFAULT, 1, 256, new PrintStream(new ByteArrayOutputStream()));
        try (DirectoryReader reader = index.open(false)) {
            int[] calls = new int[1];
            NeighbourSearch query = NeighbourSearch.query(new IndexSearcher(reader), NeighbourSearch.NONE);
            NeighbourSearch counted = (q, width) -> {
                calls[0]++;
                return query.search(q, width);
            };
            int[] docToOrd = java.util.stream.IntStream.range(0, reader.maxDoc()).toArray();
            SearchPass.Result once = SearchPass.run(counted, docToOrd, qs, 10, 20, 1, 0, 1);
            SearchPass.Result thrice = SearchPass.run(counted, docToOrd, qs, 10, 20, 1, 0, 3);
            assertEquals(QUERIES * 4, calls[0]);
            assertEquals(QUERIES, thrice.found().length);
            for (int i = 0; i < QUERIES; i++) {
                assertArrayEquals(once.found()[i], thrice.found()[i]);
            }
        }
    }

    @Test
    void a_rescore_depth_reranks_only_the_graphs_first_candidates_with_the_raw_floats() throws IOException {
        Path base = writeFvecs(tmp.resolve("base.fvecs"), unitVectors(N, 1));
        float[][] qs = unitVectors(QUERIES, 2);
        BenchIndex index = BenchIndex.openOrBuild(tmp.resolve("index"), base, VectorFormat.INT8,
                BenchIndex.Graph.DEFAULT, 1, 256, new PrintStream(new ByteArrayOutputStream()));
        assertEquals(1, index.segments());
        try (DirectoryReader reader = index.open(false); Vecs vectors = Vecs.open(base)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            for (float[] q : qs) {
                ScoreDoc[] graph = NeighbourSearch.query(searcher, NeighbourSearch.NONE).search(q, 40);
                ScoreDoc[] top10 = NeighbourSearch.query(searcher, 10).search(q, 40);
                ScoreDoc[] all = NeighbourSearch.query(searcher, NeighbourSearch.ALL).search(q, 40);

                assertEquals(40, graph.length);
                assertEquals(sortedDocs(java.util.Arrays.copyOf(graph, 10)), sortedDocs(top10));
                assertEquals(sortedDocs(graph), sortedDocs(all));
                for (ScoreDoc sd : top10) {
                    // docs were added in file order by one thread: doc id = row
                    float exact = org.apache.lucene.index.VectorSimilarityFunction.DOT_PRODUCT.compare(q,
                            vectors.floats(sd.doc));
                    assertEquals(exact, sd.score, 1e-6f);
                }
                for (int i = 1; i < top10.length; i++) {
                    assertTrue(top10[i - 1].score >= top10[i].score, "not best first");
                }
            }
        }
    }

    @Test
    void copy_graph_writes_a_quantized_index_with_the_float32_graph_node_for_node() throws IOException {
        Path base = writeFvecs(tmp.resolve("base.fvecs"), unitVectors(N, 1));
        Path queries = writeFvecs(tmp.resolve("q.fvecs"), unitVectors(QUERIES, 2));
        Path index = tmp.resolve("index");
        SearchBench.Settings copy = new SearchBench.Settings(base, queries, null, 10, List.of(1), List.of(64),
                List.of("int8"), List.of("merged"), List.of("query"), List.of(NeighbourSearch.ALL), 16, 100, true, 1,
                64, index, null, false, false, 20, 1, 0.995, List.of(0), false, true);
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> run(copy));
        assertTrue(missing.getMessage().contains("build it first"), missing.getMessage());

        SearchBench.run(settings(base, queries, index, true), new PrintStream(new ByteArrayOutputStream()));
        String rows = run(copy);

        assertTrue(rows.contains("\"setup\": \"lucene int8+rescore, 1 segment, query, float32 graph\""), rows);
        try (DirectoryReader floats = DirectoryReader.open(FSDirectory.open(index.resolve("float32")));
                DirectoryReader int8 = DirectoryReader.open(FSDirectory.open(index.resolve("int8-float32-graph")))) {
            // (Lucene 10.6 names its scalar-quantized HNSW format "Lucene104HnswBinaryQuantizedVectorsFormat")
            assertEquals("Lucene99HnswVectorsFormat", vectorFormat(floats));
            assertTrue(vectorFormat(int8).contains("Quantized"), vectorFormat(int8));
            HnswGraph a = graph(floats);
            HnswGraph b = graph(int8);
            assertEquals(a.numLevels(), b.numLevels());
            assertEquals(a.entryNode(), b.entryNode());
            for (int level = 0; level < a.numLevels(); level++) {
                HnswGraph.NodesIterator nodes = a.getNodesOnLevel(level);
                while (nodes.hasNext()) {
                    int node = nodes.nextInt();
                    assertEquals(neighbours(a, level, node), neighbours(b, level, node), "level " + level + " node "
                            + node);
                }
            }
        }
    }

    @Test
    void huge_page_vectors_give_the_same_neighbours_and_checksums_as_the_mmapped_files() throws IOException {
        Path base = writeFvecs(tmp.resolve("base.fvecs"), unitVectors(N, 1));
        float[][] qs = unitVectors(QUERIES, 2);
        BenchIndex index = BenchIndex.openOrBuild(tmp.resolve("index"), base, VectorFormat.FLOAT32,
                BenchIndex.Graph.DEFAULT, 1, 256, new PrintStream(new ByteArrayOutputStream()));
        try (var files = Files.list(index.dir())) {
            assertTrue(files.anyMatch(f -> f.toString().endsWith(".vec")), "no .vec file: huge pages unused");
        }
        try (DirectoryReader mapped = index.open(false, false); DirectoryReader huge = index.open(false, true)) {
            for (float[] q : qs) {
                ScoreDoc[] a = NeighbourSearch.query(new IndexSearcher(mapped), NeighbourSearch.NONE).search(q, 20);
                ScoreDoc[] b = NeighbourSearch.query(new IndexSearcher(huge), NeighbourSearch.NONE).search(q, 20);
                assertArrayEquals(docs(a), docs(b));
                for (int i = 0; i < a.length; i++) {
                    // the same SIMD dot product on other addresses: equal to the last bit or one ulp apart
                    assertEquals(a[i].score, b[i].score, 1e-6f);
                }
            }
        }
        try (FSDirectory fs = FSDirectory.open(index.dir());
                HugePageVectorsDirectory huge = new HugePageVectorsDirectory(FSDirectory.open(index.dir()))) {
            String vec = java.util.Arrays.stream(fs.listAll()).filter(n -> n.endsWith(".vec")).findFirst()
                    .orElseThrow();
            try (IndexInput a = fs.openInput(vec, IOContext.DEFAULT); IndexInput b = huge.openInput(vec,
                    IOContext.DEFAULT)) {
                assertTrue(b instanceof MemorySegmentAccessInput, "Lucene's Panama scorer needs segment access");
                assertEquals(CodecUtil.checksumEntireFile(a), CodecUtil.checksumEntireFile(b));
                float[] fa = new float[DIM];
                float[] fb = new float[DIM];
                a.seek(a.length() / 2);
                b.seek(b.length() / 2);
                a.readFloats(fa, 0, DIM);
                b.readFloats(fb, 0, DIM);
                assertArrayEquals(fa, fb);
                assertThrows(java.io.EOFException.class, () -> b.seek(b.length() + 1));
            }
        }
    }

    private static HnswGraph graph(DirectoryReader reader) throws IOException {
        assertEquals(1, reader.leaves().size());
        var perField = (PerFieldKnnVectorsFormat.FieldsReader) ((CodecReader) reader.leaves().get(0).reader())
                .getVectorReader();
        return ((HnswGraphProvider) perField.getFieldReader(HnswSetup.VECTOR_FIELD)).getGraph(HnswSetup.VECTOR_FIELD);
    }

    private static String vectorFormat(DirectoryReader reader) {
        return ((CodecReader) reader.leaves().get(0).reader()).getFieldInfos().fieldInfo(HnswSetup.VECTOR_FIELD)
                .getAttribute(PerFieldKnnVectorsFormat.PER_FIELD_FORMAT_KEY);
    }

    private static List<Integer> neighbours(HnswGraph g, int level, int node) throws IOException {
        g.seek(level, node);
        List<Integer> out = new java.util.ArrayList<>();
        for (int n = g.nextNeighbor(); n != org.apache.lucene.search.DocIdSetIterator.NO_MORE_DOCS;
                n = g.nextNeighbor()) {
            out.add(n);
        }
        return out;
    }

    private static List<Integer> sortedDocs(ScoreDoc[] sd) {
        return java.util.Arrays.stream(sd).map(d -> d.doc).sorted().toList();
    }

    private static SearchBench.Settings settings(Path base, Path queries, Path index, boolean buildOnly) {
        return new SearchBench.Settings(base, queries, null, 10, List.of(1), List.of(64), List.of("float32"),
                List.of("merged"), List.of("query", "leaf"), List.of(NeighbourSearch.ALL), 16, 100, false, 1, 64, index,
                null, false, false, 20, 1, 0.995, List.of(0), buildOnly, true);
    }

    private static String run(SearchBench.Settings s) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SearchBench.run(s, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int[] docs(ScoreDoc[] sd) {
        int[] out = new int[sd.length];
        for (int i = 0; i < sd.length; i++) {
            out[i] = sd[i].doc;
        }
        return out;
    }

    private static float[][] unitVectors(int n, long seed) {
        Random random = new Random(seed);
        float[][] out = new float[n][DIM];
        for (float[] v : out) {
            double norm = 0;
            for (int i = 0; i < DIM; i++) {
                v[i] = (float) random.nextGaussian();
                norm += v[i] * v[i];
            }
            for (int i = 0; i < DIM; i++) {
                v[i] /= (float) Math.sqrt(norm);
            }
        }
        return out;
    }

    private static Path writeFvecs(Path path, float[][] rows) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(rows.length * (4 + 4 * DIM)).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] row : rows) {
            b.putInt(DIM);
            for (float x : row) {
                b.putFloat(x);
            }
        }
        return Files.write(path, b.array());
    }
}
