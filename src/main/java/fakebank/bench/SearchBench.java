package fakebank.bench;

import fakebank.bank.HnswSetup;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.VectorUtil;

/**
 * {@code fakebank bench search}: recall@10, queries/s and latency of the bank's HNSW setup ({@link HnswSetup},
 * the same codec and query the bank runs) on vectors read from fvecs/ivecs files, so that
 * {@code tools/bench-faiss.py} measures FAISS on identical vectors. Prints figures; asserts nothing.
 *
 * <p>Each setup is built once (one Lucene index per vector format, {@code buildThreads} threads adding documents,
 * M 16, beam width 100), measured as flushed (several segments, searched through an executor across segments) and
 * again after a force-merge to one segment. Every (setup, threads, ef) row asks Lucene for {@code max(ef, k)}
 * neighbours (Lucene's k is its beam width, the analogue of FAISS's efSearch) and keeps the top k.
 *
 * <p>Run: {@code tools/gen-vectors.py --n 100000 --dim 768 --out V} then
 * {@code tools/fakebank bench search --vectors V/base.fvecs --queries V/queries.fvecs --gt V/gt.ivecs --threads 1,2
 * --json}; at 100k x 768 it took 32 minutes on 2 heavily shared cores (load ~25: 21 min to add, 11 to force-merge,
 * under a minute of queries); the build grows a little faster than linearly, so plan hours for 1M. Heap: the
 * indexing buffer ({@code --ram-mb}) plus the queries; the base is streamed from disk.
 */
public final class SearchBench {
    private static final int HNSW_M = 16;
    private static final int HNSW_BEAM = 100;
    private static final int WARMUP = 200;
    private static final String ORD = "ord";

    /** Options, checked once. {@code gt} may be null: exact neighbours are then computed by brute force. */
    public record Settings(Path vectors, Path queries, Path gt, int k, List<Integer> threads, List<Integer> efs,
            List<String> formats, int buildThreads, int ramMb, Path workDir, boolean json) {
        public Settings {
            if (k < 1) {
                throw new IllegalArgumentException("k must be positive");
            }
            if (threads.isEmpty() || threads.stream().anyMatch(t -> t < 1)) {
                throw new IllegalArgumentException("threads must be positive");
            }
            if (efs.isEmpty() || efs.stream().anyMatch(e -> e < 1)) {
                throw new IllegalArgumentException("ef values must be positive");
            }
            for (String f : formats) {
                if (!f.equals("float32") && !f.equals("int8")) {
                    throw new IllegalArgumentException("format must be float32 or int8, not " + f);
                }
            }
            if (buildThreads < 1) {
                throw new IllegalArgumentException("build threads must be positive");
            }
            if (ramMb < 16) {
                throw new IllegalArgumentException("RAM buffer must be at least 16 MB");
            }
        }
    }

    /** One measured row; field names are the JSON keys {@code tools/bench-faiss.py} prints too. */
    record Row(String setup, int ef, int threads, double recallAt10, double qps, double p50Ms, double p99Ms,
            double buildS, double indexMb) {
        String json() {
            return String.format(Locale.ROOT, "{\"setup\": \"%s\", \"ef\": %d, \"threads\": %d, \"recall_at_10\": %.4f, "
                    + "\"qps\": %.1f, \"p50_ms\": %.3f, \"p99_ms\": %.3f, \"build_s\": %.1f, \"index_mb\": %.1f}",
                    setup, ef, threads, recallAt10, qps, p50Ms, p99Ms, buildS, indexMb);
        }

        String text() {
            return String.format(Locale.ROOT, "%-40s %7d %5d %10.4f %9.1f %8.3f %8.3f %8.1f %9.1f", setup, threads,
                    ef, recallAt10, qps, p50Ms, p99Ms, buildS, indexMb);
        }
    }

    private SearchBench() {
    }

    public static void run(Settings s, PrintStream out) throws IOException {
        float[][] qs;
        int[][] truth;
        int n;
        int dim;
        try (Vecs base = Vecs.open(s.vectors()); Vecs q = Vecs.open(s.queries())) {
            if (base.dim() != q.dim()) {
                throw new IllegalArgumentException("base has dimension " + base.dim() + ", queries " + q.dim());
            }
            if (base.rows() < s.k()) {
                throw new IllegalArgumentException("base has " + base.rows() + " vectors, fewer than k=" + s.k());
            }
            n = base.rows();
            dim = base.dim();
            qs = q.allFloats();
            truth = s.gt() == null ? bruteForce(base, qs, s.k()) : readTruth(s.gt(), qs.length, s.k());
        }
        if (!s.json()) {
            out.printf(Locale.ROOT, "search bench: %d x %d base, %d queries, k=%d, HNSW M=%d beam=%d, %d build "
                    + "threads, %d cores, Java %s, vector module %s%n", n, dim, qs.length, s.k(), HNSW_M, HNSW_BEAM,
                    s.buildThreads(), Runtime.getRuntime().availableProcessors(), Runtime.version(),
                    ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? "on" : "off");
            out.printf(Locale.ROOT, "%-40s %7s %5s %10s %9s %8s %8s %8s %9s%n", "setup", "threads", "ef",
                    "recall@10", "qps", "p50 ms", "p99 ms", "build s", "index MB");
        }
        for (String format : s.formats()) {
            boolean int8 = format.equals("int8");
            Path dir = Files.createTempDirectory(s.workDir(), "fakebank-searchbench");
            try {
                double[] buildS = build(dir, s, int8);
                measureIndex(dir, s, int8, false, buildS[0], qs, truth, out);
                long t0 = System.nanoTime();
                forceMerge(dir, s, int8);
                double mergeS = (System.nanoTime() - t0) / 1e9;
                measureIndex(dir, s, int8, true, buildS[0] + mergeS, qs, truth, out);
            } finally {
                deleteTree(dir);
            }
        }
    }

    private static void measureIndex(Path dir, Settings s, boolean int8, boolean merged, double buildS,
            float[][] qs, int[][] truth, PrintStream out) throws IOException {
        double mb = sizeOf(dir) / 1e6;
        try (Directory d = FSDirectory.open(dir); DirectoryReader reader = DirectoryReader.open(d)) {
            int segments = reader.leaves().size();
            int[] docToOrd = docToOrd(reader);
            for (int threads : s.threads()) {
                // Several segments: the searcher fans each query out over them on its own pool of `threads`.
                ExecutorService perSegment = segments > 1 ? Executors.newFixedThreadPool(threads) : null;
                try {
                    IndexSearcher searcher = new IndexSearcher(reader, perSegment);
                    String setup = "lucene " + (int8 ? "int8 HNSW + rescore" : "float32 HNSW") + ", "
                            + segments + (segments == 1 ? " segment" : " segments + executor")
                            + (merged ? " (force-merged)" : "");
                    for (int ef : s.efs()) {
                        Row row = measure(setup, searcher, docToOrd, qs, truth, s.k(), Math.max(ef, s.k()), ef,
                                threads, int8, buildS, mb);
                        out.println(s.json() ? row.json() : row.text());
                        out.flush();
                    }
                } finally {
                    if (perSegment != null) {
                        perSegment.shutdown();
                    }
                }
            }
        }
    }

    private static Row measure(String setup, IndexSearcher searcher, int[] docToOrd, float[][] qs, int[][] truth,
            int k, int width, int ef, int threads, boolean rescore, double buildS, double mb) throws IOException {
        for (int i = 0; i < Math.min(WARMUP, qs.length); i++) {
            HnswSetup.search(searcher, qs[i], width, null, rescore);
        }
        long[] nanos = new long[qs.length];
        int[][] found = new int[qs.length][];
        AtomicInteger next = new AtomicInteger();
        long wall0 = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                work.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < qs.length; i = next.getAndIncrement()) {
                        long t0 = System.nanoTime();
                        ScoreDoc[] sd = HnswSetup.search(searcher, qs[i], width, null, rescore).scoreDocs;
                        nanos[i] = System.nanoTime() - t0;
                        int[] ids = new int[Math.min(k, sd.length)];
                        for (int j = 0; j < ids.length; j++) {
                            ids[j] = docToOrd[sd[j].doc];
                        }
                        found[i] = ids;
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("search failed", e);
        }
        double wall = (System.nanoTime() - wall0) / 1e9;
        long hits = 0;
        for (int i = 0; i < qs.length; i++) {
            for (int id : found[i]) {
                for (int j = 0; j < 10; j++) {
                    if (truth[i][j] == id) {
                        hits++;
                        break;
                    }
                }
            }
        }
        Arrays.sort(nanos);
        return new Row(setup, ef, threads, (double) hits / (qs.length * 10L), qs.length / wall,
                percentile(nanos, 0.50) / 1e6, percentile(nanos, 0.99) / 1e6, buildS, mb);
    }

    /** Builds the index as documents arrive ({@code buildThreads} adders); returns seconds. */
    private static double[] build(Path dir, Settings s, boolean int8) throws IOException {
        ExecutorService mergeExec = Executors.newFixedThreadPool(s.buildThreads());
        try (Directory d = FSDirectory.open(dir); Vecs base = Vecs.open(s.vectors())) {
            IndexWriterConfig config = writerConfig(s, int8, mergeExec);
            long t0 = System.nanoTime();
            try (IndexWriter writer = new IndexWriter(d, config);
                    ExecutorService adders = Executors.newFixedThreadPool(s.buildThreads())) {
                AtomicInteger next = new AtomicInteger();
                List<Future<?>> work = new ArrayList<>();
                for (int t = 0; t < s.buildThreads(); t++) {
                    work.add(adders.submit(() -> {
                        for (int i = next.getAndIncrement(); i < base.rows(); i = next.getAndIncrement()) {
                            Document doc = new Document();
                            doc.add(HnswSetup.vectorField(base.floats(i)));
                            doc.add(new NumericDocValuesField(ORD, i));
                            writer.addDocument(doc);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : work) {
                    f.get();
                }
                writer.commit();
            } catch (Exception e) {
                throw new IllegalStateException("index build failed", e);
            }
            return new double[] {(System.nanoTime() - t0) / 1e9};
        } finally {
            mergeExec.shutdown();
        }
    }

    private static void forceMerge(Path dir, Settings s, boolean int8) throws IOException {
        ExecutorService mergeExec = Executors.newFixedThreadPool(s.buildThreads());
        try (Directory d = FSDirectory.open(dir);
                IndexWriter writer = new IndexWriter(d, writerConfig(s, int8, mergeExec))) {
            writer.forceMerge(1);
            writer.commit();
        } finally {
            mergeExec.shutdown();
        }
    }

    private static IndexWriterConfig writerConfig(Settings s, boolean int8, ExecutorService mergeExec) {
        TieredMergePolicy policy = new TieredMergePolicy();
        // Merging HNSW graphs costs about as much as building them: while loading, let segments pile up rather
        // than merging them repeatedly; the force-merge afterwards builds the one graph once.
        policy.setSegmentsPerTier(64);
        return new IndexWriterConfig()
                .setCodec(HnswSetup.codec(HNSW_M, HNSW_BEAM, int8, s.buildThreads(), mergeExec))
                .setMergePolicy(policy)
                .setRAMBufferSizeMB(s.ramMb());
    }

    private static int[][] readTruth(Path gt, int queries, int k) throws IOException {
        try (Vecs v = Vecs.open(gt)) {
            if (v.rows() != queries || v.dim() < Math.max(k, 10)) {
                throw new IllegalArgumentException(gt + ": need " + queries + " rows of at least "
                        + Math.max(k, 10) + " ordinals, found " + v.rows() + " x " + v.dim());
            }
            return v.allInts();
        }
    }

    /** Exact top max(k, 10) ordinals per query by dot product, streaming the base from disk once. */
    static int[][] bruteForce(Vecs base, float[][] qs, int k) throws IOException {
        int top = Math.max(k, 10);
        float[][] sims = new float[qs.length][top];
        int[][] ids = new int[qs.length][top];
        for (float[] row : sims) {
            Arrays.fill(row, Float.NEGATIVE_INFINITY);
        }
        int block = 4096;
        for (int start = 0; start < base.rows(); start += block) {
            float[][] docs = new float[Math.min(block, base.rows() - start)][];
            for (int i = 0; i < docs.length; i++) {
                docs[i] = base.floats(start + i);
            }
            int first = start;
            IntStream.range(0, qs.length).parallel().forEach(qi -> {
                for (int i = 0; i < docs.length; i++) {
                    insert(sims[qi], ids[qi], VectorUtil.dotProduct(qs[qi], docs[i]), first + i);
                }
            });
        }
        return ids;
    }

    /** Keeps {@code sims} sorted descending (ties by lower ordinal, which arrive first). */
    private static void insert(float[] sims, int[] ids, float s, int id) {
        int last = sims.length - 1;
        if (s <= sims[last]) {
            return;
        }
        int pos = last;
        while (pos > 0 && sims[pos - 1] < s) {
            sims[pos] = sims[pos - 1];
            ids[pos] = ids[pos - 1];
            pos--;
        }
        sims[pos] = s;
        ids[pos] = id;
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

    private static double percentile(long[] sorted, double p) {
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static long sizeOf(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a leftover temp folder is not worth failing the benchmark for
        }
    }
}
