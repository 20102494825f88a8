package fakebank.bench;

import fakebank.bank.HnswSetup;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.VectorUtil;

/**
 * {@code fakebank bench search}: recall@10 and query latency of the bank's HNSW setup ({@link HnswSetup}: float32,
 * int8, int8 with full-precision rescoring) on synthetic clustered unit vectors, against exact brute force.
 * Prints figures; asserts nothing. Needs about {@code 3 * n * dim * 4} bytes of heap (vectors plus the indexing
 * buffer): ~2.5 GB for 100k x 1792.
 */
public final class SearchBench {
    private static final int K = 10;
    private static final int SEARCH_WIDTH = 100;
    private static final int HNSW_M = 16;
    private static final int HNSW_BEAM = 100;
    private static final String ORD = "ord";

    private SearchBench() {
    }

    public static void run(int n, int dim, int queries, long seed, PrintStream out) {
        if (n < K || dim < 2 || queries < 1) {
            throw new IllegalArgumentException("need n >= " + K + ", dim >= 2, queries >= 1");
        }
        int clusters = Math.max(1, n / 100);
        out.printf(Locale.ROOT, "search bench: n=%d dim=%d queries=%d seed=%d k=%d searchWidth=%d hnsw m=%d "
                + "beamWidth=%d, %d cores, Java %s%n", n, dim, queries, seed, K, SEARCH_WIDTH, HNSW_M, HNSW_BEAM,
                Runtime.getRuntime().availableProcessors(), Runtime.version());
        out.printf(Locale.ROOT, "data: %d Gaussian cluster centres on the unit sphere; point = centre + N(0, 1/dim) "
                + "noise per coordinate (noise norm ~ centre norm), normalised; %d queries drawn the same way, "
                + "not in the index%n", clusters, queries);

        long t0 = System.nanoTime();
        float[][] centres = gaussianUnit(clusters, dim, seed, 0, null);
        float[][] docs = gaussianUnit(n, dim, seed, 1, centres);
        float[][] qs = gaussianUnit(queries, dim, seed, 2, centres);
        long t1 = System.nanoTime();
        int[][] truth = bruteForceTop(docs, qs);
        long t2 = System.nanoTime();
        out.printf(Locale.ROOT, "generated in %.1f s; exact top-%d by brute-force dot products in %.1f s%n",
                secs(t1 - t0), K, secs(t2 - t1));
        out.println("index: one thread adding (HNSW is built as documents arrive), RAM buffer 1 GB, then "
                + "force-merged to 1 segment (2 merge workers); queries single-threaded, " + Math.min(200, queries)
                + " warm-up queries first");
        out.println();
        out.printf(Locale.ROOT, "%-22s %9s %9s %9s %10s %8s %8s%n",
                "setup", "index s", "merge s", "size MB", "recall@10", "p50 ms", "p99 ms");

        for (boolean quantized : new boolean[] {false, true}) {
            Path tmp = null;
            try {
                tmp = Files.createTempDirectory("fakebank-searchbench");
                Built built = build(tmp, docs, quantized);
                try (Directory dir = FSDirectory.open(tmp); DirectoryReader reader = DirectoryReader.open(dir)) {
                    IndexSearcher searcher = new IndexSearcher(reader);
                    int[] docToOrd = docToOrd(reader);
                    boolean[] modes = quantized ? new boolean[] {false, true} : new boolean[] {false};
                    for (boolean rescore : modes) {
                        Measured m = measure(searcher, docToOrd, qs, truth, rescore);
                        String name = quantized ? (rescore ? "int8 HNSW + rescore" : "int8 HNSW") : "float32 HNSW";
                        out.printf(Locale.ROOT, "%-22s %9.1f %9.1f %9.1f %10.4f %8.2f %8.2f%n", name,
                                built.indexSecs, built.mergeSecs, built.bytes / 1e6, m.recall, m.p50Ms, m.p99Ms);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                deleteQuietly(tmp);
            }
        }
        out.println();
        out.println("int8 rows share one index (rescoring re-ranks the " + SEARCH_WIDTH + " candidates by the raw "
                + "float vectors the int8 format also keeps, which is why its size includes them)");
    }

    private record Built(double indexSecs, double mergeSecs, long bytes) {
    }

    private static Built build(Path path, float[][] docs, boolean quantized) throws IOException {
        ExecutorService mergeExec = Executors.newFixedThreadPool(2);
        try (Directory dir = FSDirectory.open(path)) {
            IndexWriterConfig config = new IndexWriterConfig()
                    .setCodec(HnswSetup.codec(HNSW_M, HNSW_BEAM, quantized, 2, mergeExec))
                    .setRAMBufferSizeMB(1024);
            long t0 = System.nanoTime();
            long t1;
            try (IndexWriter writer = new IndexWriter(dir, config)) {
                for (int i = 0; i < docs.length; i++) {
                    Document d = new Document();
                    d.add(HnswSetup.vectorField(docs[i]));
                    d.add(new NumericDocValuesField(ORD, i));
                    writer.addDocument(d);
                }
                writer.commit();
                t1 = System.nanoTime();
                writer.forceMerge(1);
                writer.commit();
            }
            long t2 = System.nanoTime();
            return new Built(secs(t1 - t0), secs(t2 - t1), sizeOf(path));
        } finally {
            mergeExec.shutdown();
        }
    }

    private record Measured(double recall, double p50Ms, double p99Ms) {
    }

    private static Measured measure(IndexSearcher searcher, int[] docToOrd, float[][] qs, int[][] truth,
            boolean rescore) throws IOException {
        for (int i = 0; i < Math.min(200, qs.length); i++) {
            HnswSetup.search(searcher, qs[i], SEARCH_WIDTH, null, rescore);
        }
        long[] nanos = new long[qs.length];
        long hits = 0;
        for (int i = 0; i < qs.length; i++) {
            long t0 = System.nanoTime();
            TopDocs top = HnswSetup.search(searcher, qs[i], SEARCH_WIDTH, null, rescore);
            nanos[i] = System.nanoTime() - t0;
            ScoreDoc[] sd = top.scoreDocs;
            for (int j = 0; j < Math.min(K, sd.length); j++) {
                int ord = docToOrd[sd[j].doc];
                for (int t : truth[i]) {
                    if (t == ord) {
                        hits++;
                        break;
                    }
                }
            }
        }
        Arrays.sort(nanos);
        return new Measured((double) hits / ((long) qs.length * K), percentile(nanos, 0.50) / 1e6,
                percentile(nanos, 0.99) / 1e6);
    }

    private static int[] docToOrd(DirectoryReader reader) throws IOException {
        int[] map = new int[reader.maxDoc()];
        for (var leaf : reader.leaves()) {
            LeafReader r = leaf.reader();
            NumericDocValues ords = r.getNumericDocValues(ORD);
            for (int doc = ords.nextDoc(); doc != NumericDocValues.NO_MORE_DOCS; doc = ords.nextDoc()) {
                map[leaf.docBase + doc] = (int) ords.longValue();
            }
        }
        return map;
    }

    /**
     * {@code count} unit vectors: Gaussian directions, or (with {@code centres}) a random centre plus N(0, 1/dim)
     * noise per coordinate. Each row has its own generator, so rows are reproducible and built in parallel.
     */
    static float[][] gaussianUnit(int count, int dim, long seed, int stream, float[][] centres) {
        float[][] out = new float[count][];
        float sigma = (float) (1 / Math.sqrt(dim));
        IntStream.range(0, count).parallel().forEach(i -> {
            SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + stream * 1_000_003L + i);
            float[] v = new float[dim];
            float[] c = centres == null ? null : centres[rnd.nextInt(centres.length)];
            for (int j = 0; j < dim; j++) {
                float g = (float) rnd.nextGaussian();
                v[j] = c == null ? g : c[j] + sigma * g;
            }
            out[i] = VectorUtil.l2normalize(v);
        });
        return out;
    }

    /** Exact top-K ordinals per query by dot product (ties by lower ordinal), queries in parallel. */
    static int[][] bruteForceTop(float[][] docs, float[][] qs) {
        int[][] truth = new int[qs.length][];
        IntStream.range(0, qs.length).parallel().forEach(qi -> {
            float[] q = qs[qi];
            int[] ids = new int[K];
            float[] sims = new float[K];
            Arrays.fill(sims, Float.NEGATIVE_INFINITY);
            Arrays.fill(ids, -1);
            for (int d = 0; d < docs.length; d++) {
                float s = VectorUtil.dotProduct(q, docs[d]);
                if (s > sims[K - 1]) {
                    int pos = K - 1;
                    while (pos > 0 && sims[pos - 1] < s) {
                        sims[pos] = sims[pos - 1];
                        ids[pos] = ids[pos - 1];
                        pos--;
                    }
                    sims[pos] = s;
                    ids[pos] = d;
                }
            }
            truth[qi] = ids;
        });
        return truth;
    }

    private static double percentile(long[] sorted, double p) {
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static double secs(long nanos) {
        return nanos / 1e9;
    }

    private static long sizeOf(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        }
    }

    static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // a leftover temp folder is not worth failing the benchmark for
        }
    }
}
