package fakebank.bench.search;

import fakebank.bank.HnswSetup;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.MMapDirectory;

/**
 * A benchmark index in its own folder, built once from an fvecs file and reopened by later runs: what it was built
 * from (file, rows, dimension, format, M, beam width) and how long the build and force-merge took are kept in the
 * commit's user data, so a reused folder is checked against the run's options and reports its original timings.
 * Every document holds the vector and its row number ({@link #ORD}) in the file.
 */
final class BenchIndex {
    static final String ORD = "ord";
    /** The graph settings FAISS is built with on the other side (M, efConstruction). */
    static final int DEFAULT_M = 16;
    static final int DEFAULT_BEAM = 100;

    private static final String SOURCE = "bench.source";
    private static final String BUILD_S = "bench.build_s";
    private static final String MERGE_S = "bench.merge_s";

    private final Path dir;
    private final VectorFormat format;
    private final Graph graph;
    private final int buildThreads;
    private final int ramMb;

    /** HNSW graph settings: neighbours per node (M) and the beam width of the build (efConstruction). */
    record Graph(int m, int beam) {
        static final Graph DEFAULT = new Graph(DEFAULT_M, DEFAULT_BEAM);

        Graph {
            if (m < 2 || m > 512) {
                throw new IllegalArgumentException("M must be between 2 and 512, not " + m);
            }
            if (beam < 1 || beam > 3200) {
                throw new IllegalArgumentException("beam width must be between 1 and 3200, not " + beam);
            }
        }

        /** The index folder's name for a format: the format alone for the default graph, as earlier runs kept it. */
        String folder(VectorFormat format) {
            return equals(DEFAULT) ? format.label() : format.label() + "-m" + m + "-beam" + beam;
        }
    }

    private BenchIndex(Path dir, VectorFormat format, Graph graph, int buildThreads, int ramMb) {
        this.dir = dir;
        this.format = format;
        this.graph = graph;
        this.buildThreads = buildThreads;
        this.ramMb = ramMb;
    }

    /**
     * The index in {@code dir}: reopened when a previous run built it from the same vectors with the same format,
     * built there otherwise (the folder must then be empty or absent).
     */
    static BenchIndex openOrBuild(Path dir, Path vectors, VectorFormat format, Graph graph, int buildThreads,
            int ramMb, PrintStream log) throws IOException {
        BenchIndex index = new BenchIndex(dir, format, graph, buildThreads, ramMb);
        String source = source(vectors, format, graph);
        Map<String, String> data = index.commitData();
        if (data == null) {
            requireEmpty(dir);
            log.printf(Locale.ROOT, "building %s index in %s ...%n", format.label(), dir);
            index.build(vectors, source);
        } else if (!source.equals(data.get(SOURCE))) {
            throw new IllegalArgumentException(dir + " was built from " + data.get(SOURCE) + ", not " + source
                    + ": delete it or pass another folder");
        }
        return index;
    }

    /**
     * A quantized index in {@code dir} that reuses the HNSW graph of the one-segment float32 index in {@code graphDir}
     * (built from the same vectors with the same graph settings): reopened when a previous run made it, made there
     * otherwise by {@code IndexWriter.addIndexes}. Lucene's graph merge starts from the largest deletion-free
     * segment's graph, so with one such segment the graph is copied, not rebuilt: minutes instead of the hour a 1M
     * graph takes, and the graph is the one built with full-precision scores.
     */
    static BenchIndex openOrCopyGraph(Path dir, Path graphDir, Path vectors, VectorFormat format, Graph graph,
            int buildThreads, int ramMb, PrintStream log) throws IOException {
        if (!format.rescored()) {
            throw new IllegalArgumentException("only a quantized format can reuse the float32 graph, not "
                    + format.label());
        }
        BenchIndex from = new BenchIndex(graphDir, VectorFormat.FLOAT32, graph, buildThreads, ramMb);
        Map<String, String> fromData = from.commitData();
        if (fromData == null || !source(vectors, VectorFormat.FLOAT32, graph).equals(fromData.get(SOURCE))) {
            throw new IllegalArgumentException(graphDir + " holds no float32 index of " + vectors + " with " + graph
                    + ": build it first (--format float32 --layout merged)");
        }
        if (from.segments() != 1) {
            throw new IllegalArgumentException(graphDir + " has " + from.segments() + " segments: force-merge it "
                    + "first (--format float32 --layout merged), so that there is one graph to copy");
        }
        BenchIndex index = new BenchIndex(dir, format, graph, buildThreads, ramMb);
        String source = source(vectors, format, graph) + ", graph of " + graphDir.toAbsolutePath();
        Map<String, String> data = index.commitData();
        if (data == null) {
            requireEmpty(dir);
            log.printf(Locale.ROOT, "copying the graph of %s into a %s index in %s ...%n", graphDir, format.label(),
                    dir);
            index.copyGraph(graphDir, source);
        } else if (!source.equals(data.get(SOURCE))) {
            throw new IllegalArgumentException(dir + " was built from " + data.get(SOURCE) + ", not " + source
                    + ": delete it or pass another folder");
        }
        return index;
    }

    private static void requireEmpty(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException(dir + " is not empty and holds no bench index: "
                            + "pass an empty or new folder");
                }
            }
        }
    }

    /** What an index built from {@code vectors} in {@code format} records, to recognise it later. */
    private static String source(Path vectors, VectorFormat format, Graph graph) throws IOException {
        try (Vecs v = Vecs.open(vectors)) {
            return String.format(Locale.ROOT, "%s (%d x %d, %d bytes), %s, M %d, beam %d", vectors.toAbsolutePath(),
                    v.rows(), v.dim(), Files.size(vectors), format.label(), graph.m(), graph.beam());
        }
    }

    Path dir() {
        return dir;
    }

    VectorFormat format() {
        return format;
    }

    Graph graph() {
        return graph;
    }

    int segments() throws IOException {
        try (Directory d = FSDirectory.open(dir)) {
            return SegmentInfos.readLatestCommit(d).size();
        }
    }

    /** Seconds spent adding the documents (as flushed), and after it the force-merge if there was one. */
    double buildSeconds() throws IOException {
        return Double.parseDouble(commitData().get(BUILD_S));
    }

    double mergeSeconds() throws IOException {
        return Double.parseDouble(commitData().getOrDefault(MERGE_S, "0"));
    }

    long bytes() throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    /** A reader on an mmapped directory; with {@code preload} every file is paged in on open. */
    DirectoryReader open(boolean preload) throws IOException {
        return open(preload, false);
    }

    /** As {@link #open(boolean)}; with {@code hugePages} the float vectors are read from 2 MB pages instead. */
    DirectoryReader open(boolean preload, boolean hugePages) throws IOException {
        MMapDirectory d = new MMapDirectory(dir);
        if (preload) {
            d.setPreload(MMapDirectory.ALL_FILES);
        }
        return DirectoryReader.open(hugePages ? new HugePageVectorsDirectory(d) : d);
    }

    /** Merges the index to one segment (one HNSW graph); records the seconds it took. */
    void forceMerge() throws IOException {
        ExecutorService mergeExec = mergeExecutor();
        try (Directory d = FSDirectory.open(dir); IndexWriter writer = new IndexWriter(d, writerConfig(mergeExec))) {
            long t0 = System.nanoTime();
            writer.forceMerge(1);
            Map<String, String> data = new HashMap<>(commitData());
            data.put(MERGE_S, seconds(t0));
            writer.setLiveCommitData(data.entrySet());
            writer.commit();
        } finally {
            if (mergeExec != null) {
                mergeExec.shutdown();
            }
        }
    }

    /** One segment written in this format from the float32 index in {@code graphDir}, its graph carried over. */
    private void copyGraph(Path graphDir, String source) throws IOException {
        Files.createDirectories(dir);
        ExecutorService mergeExec = mergeExecutor();
        try (Directory d = FSDirectory.open(dir); Directory fromDir = FSDirectory.open(graphDir);
                DirectoryReader from = DirectoryReader.open(fromDir);
                IndexWriter writer = new IndexWriter(d, writerConfig(mergeExec))) {
            long t0 = System.nanoTime();
            writer.addIndexes(from.leaves().stream().map(leaf -> (CodecReader) leaf.reader())
                    .toArray(CodecReader[]::new));
            writer.setLiveCommitData(Map.of(SOURCE, source, BUILD_S, seconds(t0)).entrySet());
            writer.commit();
        } finally {
            if (mergeExec != null) {
                mergeExec.shutdown();
            }
        }
    }

    private void build(Path vectors, String source) throws IOException {
        Files.createDirectories(dir);
        ExecutorService mergeExec = mergeExecutor();
        try (Directory d = FSDirectory.open(dir); Vecs base = Vecs.open(vectors);
                IndexWriter writer = new IndexWriter(d, writerConfig(mergeExec));
                ExecutorService adders = Executors.newFixedThreadPool(buildThreads)) {
            long t0 = System.nanoTime();
            AtomicInteger next = new AtomicInteger();
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < buildThreads; t++) {
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
            writer.flush();
            writer.setLiveCommitData(Map.of(SOURCE, source, BUILD_S, seconds(t0)).entrySet());
            writer.commit();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("index build interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("index build failed: " + e.getCause(), e.getCause());
        } finally {
            if (mergeExec != null) {
                mergeExec.shutdown();
            }
        }
    }

    /** Lucene refuses a merge executor for one merge worker. */
    private ExecutorService mergeExecutor() {
        return buildThreads > 1 ? Executors.newFixedThreadPool(buildThreads) : null;
    }

    private IndexWriterConfig writerConfig(ExecutorService mergeExec) {
        TieredMergePolicy policy = new TieredMergePolicy();
        // Merging HNSW graphs costs about as much as building them: while loading, let segments pile up rather
        // than merging them repeatedly; a force-merge afterwards builds the one graph once.
        policy.setSegmentsPerTier(64);
        // Plain files, never a compound file, even for a small test index: --huge-pages serves the .vec file.
        policy.setNoCFSRatio(0.0);
        return new IndexWriterConfig()
                .setUseCompoundFile(false)
                .setCodec(HnswSetup.codec(graph.m(), graph.beam(), format.encoding, buildThreads, mergeExec))
                .setMergePolicy(policy)
                .setRAMBufferSizeMB(ramMb);
    }

    /** The latest commit's user data, or null when the folder holds no index. */
    private Map<String, String> commitData() throws IOException {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (Directory d = FSDirectory.open(dir)) {
            if (!DirectoryReader.indexExists(d)) {
                return null;
            }
            return SegmentInfos.readLatestCommit(d).getUserData();
        }
    }

    private static String seconds(long t0) {
        return String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9);
    }
}
