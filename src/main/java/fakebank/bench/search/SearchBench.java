package fakebank.bench.search;

import fakebank.bank.HnswSetup;
import fakebank.bench.TempFolders;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.lucene.codecs.hnsw.FlatVectorScorerUtil;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.search.IndexSearcher;

/**
 * {@code fakebank bench search}: recall@10, queries/s and latency of the bank's HNSW setup (the codec and query of
 * {@link fakebank.bank.HnswSetup}) on vectors read from fvecs/ivecs files, so that {@code tools/bench-faiss.py}
 * measures FAISS on identical vectors. Prints figures; asserts nothing.
 *
 * <p>Each format's index ({@link BenchIndex}: M 16, beam width 100 unless {@code --m}/{@code --beam-width} say
 * otherwise) is built once, into {@code --index DIR/FORMAT} (or {@code DIR/FORMAT-mM-beamB} for another graph)
 * when given so that later runs reopen it: builds can then run niced at a busy hour and the timed passes later,
 * beside FAISS's. Layouts: as flushed (several segments, searched through an executor across segments) and after a
 * force-merge to one segment. With {@code --copy-graph} a quantized index is written from the merged float32 index
 * and keeps its graph ({@code DIR/FORMAT-float32-graph}) instead of building its own. Quantized formats re-rank the
 * first {@code --rescore-depth} of their candidates (all of them by default, as the bank does) with the raw floats.
 * With {@code --huge-pages} the float vectors are read from a copy in 2 MB pages ({@link HugePageVectorsDirectory}).
 * Every (layout, path, threads, ef) row asks Lucene for {@code max(ef, k)} neighbours (Lucene's k is its beam
 * width, the analogue of FAISS's efSearch) and keeps the top k.
 */
public final class SearchBench {
    /** Index layouts: as the bulk load flushed it, or force-merged to one segment. */
    public static final Set<String> LAYOUTS = Set.of("flushed", "merged");
    /**
     * Search paths: the bank's query (early termination from {@code HnswSetup.EARLY_STOP_FROM_DOCS} on), a plain
     * KnnFloatVectorQuery (never), the query with early termination always ({@link NeighbourSearch#patience}), or
     * each segment's graph directly.
     */
    public static final Set<String> PATHS = Set.of("query", "exhaustive", "patience", "leaf");
    /** Folder suffix of a quantized index that carries the float32 index's graph ({@code --copy-graph}). */
    private static final String COPIED_GRAPH = "-float32-graph";

    /**
     * Options, checked once. {@code gt} may be null: exact neighbours are then computed by brute force;
     * {@code indexDir} may be null: the indexes then go to a temporary folder under {@code workDir}, deleted after.
     */
    public record Settings(Path vectors, Path queries, Path gt, int k, List<Integer> threads, List<Integer> efs,
            List<String> formats, List<String> layouts, List<String> paths, List<Integer> rescoreDepths, int m,
            int beamWidth, boolean copyGraph, int buildThreads, int ramMb, Path indexDir, Path workDir,
            boolean preload, boolean hugePages, int warmup, int repeat, double saturation, List<Integer> patiences,
            boolean buildOnly, boolean json) {
        public Settings {
            new BenchIndex.Graph(m, beamWidth); // checks both
            if (k < 1) {
                throw new IllegalArgumentException("k must be positive");
            }
            if (threads.isEmpty() || threads.stream().anyMatch(t -> t < 1)) {
                throw new IllegalArgumentException("threads must be positive");
            }
            if (efs.isEmpty() || efs.stream().anyMatch(e -> e < 1)) {
                throw new IllegalArgumentException("ef values must be positive");
            }
            formats.forEach(VectorFormat::parse);
            requireAmong("layout", layouts, LAYOUTS);
            requireAmong("path", paths, PATHS);
            // fewer re-ranked candidates than k would cap recall@k by construction
            if (rescoreDepths.isEmpty() || rescoreDepths.stream().anyMatch(d -> d < k)) {
                throw new IllegalArgumentException("rescore depths must be at least k=" + k + ", not " + rescoreDepths);
            }
            if (buildThreads < 1) {
                throw new IllegalArgumentException("build threads must be positive");
            }
            // The buffer is shared by all adding threads; Lucene flushes one thread's segment on its own at its
            // per-thread hard limit (about 1.9 GB) whatever the total.
            if (ramMb < 16) {
                throw new IllegalArgumentException("RAM buffer must be at least 16 MB");
            }
            if (warmup < 0) {
                throw new IllegalArgumentException("warm-up must be zero or more queries");
            }
            if (repeat < 1) {
                throw new IllegalArgumentException("repeat must be at least 1");
            }
            if (!(saturation > 0 && saturation <= 1)) {
                throw new IllegalArgumentException("saturation must be in (0, 1], not " + saturation);
            }
            if (patiences.isEmpty() || patiences.stream().anyMatch(p -> p < 0)) {
                throw new IllegalArgumentException("patience values must be zero (Lucene's default) or more");
            }
            if (buildOnly && indexDir == null) {
                throw new IllegalArgumentException("--build-only needs --index DIR to keep the index in");
            }
        }

        BenchIndex.Graph graph() {
            return new BenchIndex.Graph(m, beamWidth);
        }

        private static void requireAmong(String what, List<String> given, Set<String> allowed) {
            if (given.isEmpty() || !allowed.containsAll(given)) {
                throw new IllegalArgumentException(what + " must be among " + allowed + ", not " + given);
            }
        }
    }

    private SearchBench() {
    }

    public static void run(Settings s, PrintStream out) throws IOException {
        float[][] qs;
        int[][] truth;
        try (Vecs base = Vecs.open(s.vectors()); Vecs q = Vecs.open(s.queries())) {
            if (base.dim() != q.dim()) {
                throw new IllegalArgumentException("base has dimension " + base.dim() + ", queries " + q.dim());
            }
            if (base.rows() < s.k()) {
                throw new IllegalArgumentException("base has " + base.rows() + " vectors, fewer than k=" + s.k());
            }
            qs = q.allFloats();
            truth = s.buildOnly() ? null
                    : s.gt() == null ? GroundTruth.bruteForce(base, qs, s.k()) : GroundTruth.read(s.gt(), qs.length,
                            s.k());
            // with --json the header goes to stderr, so stdout stays one JSON object a line
            PrintStream header = s.json() ? System.err : out;
            header.printf(Locale.ROOT, "search bench: %d x %d base, %d queries, k=%d, HNSW M=%d beam=%d, %d build "
                    + "threads, %d cores, Java %s, vector scorer %s, %d warm-up queries per row, each row times the "
                    + "queries %d time(s)%n", base.rows(), base.dim(), qs.length, s.k(), s.m(), s.beamWidth(),
                    s.buildThreads(), Runtime.getRuntime().availableProcessors(), Runtime.version(),
                    FlatVectorScorerUtil.getLucene99FlatVectorsScorer(), s.warmup(), s.repeat());
        }
        Path root = s.indexDir() != null ? s.indexDir() : Files.createTempDirectory(s.workDir(), "fakebank-search");
        try {
            if (!s.json() && !s.buildOnly()) {
                out.println(ResultRow.HEADER);
            }
            for (String f : s.formats()) {
                VectorFormat format = VectorFormat.parse(f);
                String folder = s.graph().folder(format);
                BenchIndex index = s.copyGraph() && format.rescored()
                        ? BenchIndex.openOrCopyGraph(root.resolve(folder + COPIED_GRAPH), root.resolve(
                                s.graph().folder(VectorFormat.FLOAT32)), s.vectors(), format, s.graph(),
                                s.buildThreads(), s.ramMb(), System.err)
                        : BenchIndex.openOrBuild(root.resolve(folder), s.vectors(), format, s.graph(),
                                s.buildThreads(), s.ramMb(), System.err);
                measureLayouts(index, s, qs, truth, out);
            }
        } finally {
            if (s.indexDir() == null) {
                TempFolders.deleteTree(root);
            }
        }
    }

    private static void measureLayouts(BenchIndex index, Settings s, float[][] qs, int[][] truth, PrintStream out)
            throws IOException {
        if (s.layouts().contains("flushed")) {
            if (index.segments() == 1) {
                System.err.println(index.dir() + " is already one segment: no as-flushed rows (build into a new "
                        + "folder for them)");
            } else if (!s.buildOnly()) {
                measureIndex(index, s, qs, truth, out);
            }
        }
        if (s.layouts().contains("merged")) {
            if (index.segments() > 1) {
                System.err.printf(Locale.ROOT, "force-merging %s (%d segments) ...%n", index.dir(), index.segments());
                index.forceMerge();
            }
            if (!s.buildOnly()) {
                measureIndex(index, s, qs, truth, out);
            }
        }
        if (s.buildOnly()) {
            System.err.printf(Locale.ROOT, "%s: %d segment(s), built in %.1f s, merged in %.1f s%n", index.dir(),
                    index.segments(), index.buildSeconds(), index.mergeSeconds());
        }
    }

    private static void measureIndex(BenchIndex index, Settings s, float[][] qs, int[][] truth, PrintStream out)
            throws IOException {
        double mb = index.bytes() / 1e6;
        double buildS = index.buildSeconds() + index.mergeSeconds();
        boolean rescore = index.format().rescored();
        try (DirectoryReader reader = index.open(s.preload(), s.hugePages())) {
            int segments = reader.leaves().size();
            if (s.hugePages()) {
                System.err.printf(Locale.ROOT, "float vectors of %s copied into huge-page memory: AnonHugePages "
                        + "%d MB%n", index.dir(), HugePageMemory.anonHugePagesMb());
            }
            int[] docToOrd = docToOrd(reader);
            for (String path : s.paths()) {
                for (int threads : s.threads()) {
                    // Several segments: the query paths fan each query out over them on a pool of `threads`.
                    ExecutorService perSegment = segments > 1 && !path.equals("leaf")
                            ? Executors.newFixedThreadPool(threads) : null;
                    try {
                        IndexSearcher searcher = new IndexSearcher(reader, perSegment);
                        for (int depth : rescore ? s.rescoreDepths() : List.of(NeighbourSearch.NONE)) {
                            for (int patience : path.equals("patience") ? s.patiences() : List.of(-1)) {
                                NeighbourSearch search = switch (path) {
                                    case "query" -> NeighbourSearch.query(searcher, depth);
                                    case "exhaustive" -> NeighbourSearch.exhaustive(searcher, depth);
                                    case "patience" -> NeighbourSearch.patience(searcher, depth, s.saturation(),
                                            patience);
                                    default -> NeighbourSearch.leaf(reader, depth);
                                };
                                String setup = String.format(Locale.ROOT, "lucene %s%s, %d %s, %s%s",
                                        index.format().label(), rescoreLabel(depth), segments,
                                        segments == 1 ? "segment" : "segments", pathLabel(path, reader),
                                        perSegment != null ? "+executor" : "")
                                        + patienceLabel(patience, s.saturation()) + graphLabel(index.graph())
                                        + (s.copyGraph() && rescore ? ", float32 graph" : "")
                                        + (s.preload() ? ", preload" : "") + (s.hugePages() ? ", huge pages" : "");
                                measureEfs(search, setup, threads, docToOrd, s, qs, truth, buildS, mb, out);
                            }
                        }
                    } finally {
                        if (perSegment != null) {
                            perSegment.shutdown();
                        }
                    }
                }
            }
        }
    }

    private static void measureEfs(NeighbourSearch search, String setup, int threads, int[] docToOrd, Settings s,
            float[][] qs, int[][] truth, double buildS, double mb, PrintStream out) throws IOException {
        for (int ef : s.efs()) {
            SearchPass.Result r = SearchPass.run(search, docToOrd, qs, s.k(), Math.max(ef, s.k()), threads,
                    s.warmup(), s.repeat());
            ResultRow row = new ResultRow(setup, ef, threads, GroundTruth.recallAt10(r.found(), truth), r.qps(),
                    r.p50Ms(), r.p99Ms(), buildS, mb, SearchPass.loadAverage());
            out.println(s.json() ? row.json() : row.text());
            out.flush();
        }
    }

    private static String rescoreLabel(int depth) {
        return depth == NeighbourSearch.NONE ? "" : depth == NeighbourSearch.ALL ? "+rescore" : "+rescore top " + depth;
    }

    /** The bank's query says whether it stopped early at this size, so that rows of both kinds stay apart. */
    private static String pathLabel(String path, DirectoryReader reader) {
        return path.equals("query") && reader.maxDoc() >= HnswSetup.EARLY_STOP_FROM_DOCS ? "query (early stop)" : path;
    }

    /** Patience rows name their settings; 0 is Lucene's default patience, max(7, 0.3 x the beam width). */
    private static String patienceLabel(int patience, double saturation) {
        return patience < 0 ? "" : String.format(Locale.ROOT, " (patience %s, saturation %s)",
                patience == 0 ? "default" : Integer.toString(patience), saturation);
    }

    /** Rows of a non-default graph say so, so that tables keep them apart from the M 16 / beam 100 ones. */
    private static String graphLabel(BenchIndex.Graph g) {
        return g.equals(BenchIndex.Graph.DEFAULT) ? "" : String.format(Locale.ROOT, ", M %d beam %d", g.m(), g.beam());
    }

    private static int[] docToOrd(DirectoryReader reader) throws IOException {
        int[] map = new int[reader.maxDoc()];
        for (var leaf : reader.leaves()) {
            LeafReader r = leaf.reader();
            NumericDocValues ords = r.getNumericDocValues(BenchIndex.ORD);
            for (int doc = ords.nextDoc(); doc != NumericDocValues.NO_MORE_DOCS; doc = ords.nextDoc()) {
                map[leaf.docBase + doc] = (int) ords.longValue();
            }
        }
        return map;
    }
}
