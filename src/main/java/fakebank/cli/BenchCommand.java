package fakebank.cli;

import fakebank.bench.EmbedBench;
import fakebank.bench.KeypointBench;
import fakebank.bench.StoreBench;
import fakebank.bench.TrainBench;
import fakebank.bench.search.SearchBench;
import fakebank.service.FakebankConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fakebank bench embed|search}: speed figures printed, never asserted in tests. */
@Command(name = "bench", description = "Print speed figures.", subcommands = {BenchCommand.Embed.class,
        BenchCommand.Search.class, BenchCommand.Store.class, BenchCommand.SoakRun.class, BenchCommand.Train.class,
        BenchCommand.Keypoints.class})
final class BenchCommand {
    @Command(name = "embed", description = "End-to-end and forward-only images/s at several batch sizes.")
    static final class Embed implements Callable<Integer> {
        @Mixin
        ServiceOptions service;

        @Parameters(paramLabel = "FOLDER", description = "Folder of images.")
        Path folder;

        @Option(names = "--batches", split = ",", description = "Batch sizes (default: 1,16).")
        List<Integer> batches = List.of(1, 16);

        @Option(names = "--limit", description = "At most this many images (default: all).")
        int limit = Integer.MAX_VALUE;

        @Option(names = "--repeat", description = "Run the timed passes over the images this many times in a row, "
                + "for passes long enough to compare with a load test (default: ${DEFAULT-VALUE}).")
        int repeat = 1;

        @Option(names = "--json", description = "One JSON line per batch size.")
        boolean json;

        @Option(names = "--stream", paramLabel = "SECONDS", description = "Instead of the passes: after a warm-up, "
                + "embed the images round-robin by the serial path at batch 1 for SECONDS, one JSON line per image "
                + "with the wall-clock time (for tools/bench-overhead-sliced).")
        Double stream;

        @Override
        public Integer call() {
            FakebankConfig config = service.config();
            List<Path> files = InputFiles.expand(List.of(folder.toString())).stream()
                    .map(InputFiles.Input::path).limit(limit).toList();
            if (stream != null) {
                EmbedBench.stream(config, files, stream, System.out);
            } else {
                EmbedBench.run(config, files, batches, repeat, json, System.out);
            }
            return 0;
        }
    }

    @Command(name = "search", description = "HNSW build time, recall@10, queries/s and latency on fvecs/ivecs "
            + "files (tools/gen-vectors.py writes them; tools/bench-faiss.py runs FAISS on the same files).")
    static final class Search implements Callable<Integer> {
        @Option(names = "--vectors", required = true, paramLabel = "BASE.fvecs", description = "Vectors to index.")
        Path vectors;

        @Option(names = "--queries", required = true, paramLabel = "Q.fvecs", description = "Query vectors.")
        Path queries;

        @Option(names = "--gt", paramLabel = "GT.ivecs",
                description = "Exact neighbour ordinals per query (default: computed by brute force).")
        Path gt;

        @Option(names = "--k", description = "Neighbours kept per query (default: ${DEFAULT-VALUE}).")
        int k = 10;

        @Option(names = "--threads", split = ",", description = "Search threads, e.g. 1,2 (default: 1).")
        List<Integer> threads = List.of(1);

        @Option(names = "--ef", split = ",", description = "Beam widths to sweep (default: "
                + "10,16,24,32,48,64,96,128,192,256).")
        List<Integer> efs = List.of(10, 16, 24, 32, 48, 64, 96, 128, 192, 256);

        @Option(names = "--format", split = ",", description = "Vector formats: float32, int8, int7, int4, int1 (quantized "
                + "ones are rescored with the raw floats; default: float32).")
        List<String> formats = List.of("float32");

        @Option(names = "--layout", split = ",", description = "Index layouts: flushed (as the bulk load left it), "
                + "merged (force-merged to one segment) (default: flushed,merged).")
        List<String> layouts = List.of("flushed", "merged");

        @Option(names = "--path", split = ",", description = "Search paths: query (the bank's k-NN query, with "
                + "early termination from 100,000 documents on), exhaustive (a plain KnnFloatVectorQuery), patience "
                + "(always Lucene's PatienceKnnVectorQuery early termination), leaf (each segment's graph directly) "
                + "(default: query).")
        List<String> paths = List.of("query");

        @Option(names = "--rescore-depth", split = ",", paramLabel = "N|all", description = "Quantized formats: "
                + "re-rank the first N of the graph's max(ef, k) candidates with the raw floats, e.g. 10,20,all "
                + "(default: all, as the bank does).")
        List<String> rescoreDepths = List.of("all");

        @Option(names = "--m", description = "HNSW neighbours per node (default: ${DEFAULT-VALUE}, as FAISS's side).")
        int m = 16;

        @Option(names = "--beam-width", description = "HNSW beam width while building, FAISS's efConstruction "
                + "(default: ${DEFAULT-VALUE}). Another M or beam width is kept in DIR/FORMAT-mM-beamB.")
        int beamWidth = 100;

        @Option(names = "--copy-graph", description = "Quantized formats: write the index from the merged float32 "
                + "one in --index DIR, keeping its HNSW graph (built with full-precision scores) instead of building "
                + "another; kept in DIR/FORMAT-float32-graph.")
        boolean copyGraph;

        @Option(names = "--build-threads", description = "Threads adding documents (default: ${DEFAULT-VALUE}).")
        int buildThreads = 2;

        @Option(names = "--ram-mb", description = "Indexing buffer in MB (default: ${DEFAULT-VALUE}).")
        int ramMb = 1024;

        @Option(names = "--index", paramLabel = "DIR", description = "Keep the indexes in DIR/FORMAT and reopen them "
                + "on later runs instead of rebuilding (default: a temporary folder, deleted after).")
        Path indexDir;

        @Option(names = "--build-only", description = "Build (and force-merge, with the merged layout) the indexes "
                + "into --index DIR, measure nothing.")
        boolean buildOnly;

        @Option(names = "--preload", description = "Page every index file in when opening it (MMapDirectory preload).")
        boolean preload;

        @Option(names = "--huge-pages", description = "Read the float vectors from a copy in 2 MB transparent huge "
                + "pages (Linux) instead of the mmapped file's 4 KB pages; costs their size in RAM.")
        boolean hugePages;

        @Option(names = "--warmup", description = "Warm-up queries before each row (default: ${DEFAULT-VALUE}).")
        int warmup = 1000;

        @Option(names = "--repeat", description = "Time each row over the queries this many times (recall from the "
                + "first round; default: ${DEFAULT-VALUE}).")
        int repeat = 1;

        @Option(names = "--patience", split = ",", description = "Path patience: candidates in a row with a "
                + "saturated queue before the walk stops, e.g. 0,10,20 (0: Lucene's default, max(7, 0.3 ef); "
                + "default: 0).")
        List<Integer> patiences = List.of(0);

        @Option(names = "--saturation", description = "Path patience: share of the queue unchanged that counts as "
                + "saturated (default: ${DEFAULT-VALUE}, Lucene's).")
        double saturation = 0.995;

        @Option(names = "--work-dir", description = "Where the temporary index goes (default: the system temp).")
        Path workDir = Path.of(System.getProperty("java.io.tmpdir"));

        @Option(names = "--json", description = "One JSON line per (setup, threads, ef).")
        boolean json;

        @Override
        public Integer call() throws java.io.IOException {
            SearchBench.run(new SearchBench.Settings(vectors, queries, gt, k, threads, efs, formats, layouts, paths,
                    rescoreDepths.stream().map(Search::depth).toList(), m, beamWidth, copyGraph, buildThreads, ramMb,
                    indexDir, workDir, preload, hugePages, warmup, repeat, saturation, patiences, buildOnly, json),
                    System.out);
            return 0;
        }

        private static int depth(String s) {
            if (s.equals("all")) {
                return Integer.MAX_VALUE;
            }
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--rescore-depth takes numbers or all, not " + s);
            }
        }
    }

    @Command(name = "store", description = "The local store and a Solr store side by side: add rate, recall@10, "
            + "latency and QPS on the same synthetic vectors (the Solr collection must be empty).")
    static final class Store implements Callable<Integer> {
        @Option(names = "--store", required = true, paramLabel = "URL", description = "An empty Solr collection, "
                + "e.g. the URL tools/solr-cluster start printed.")
        String store;

        @Option(names = "--n", description = "Vectors (default: ${DEFAULT-VALUE}).")
        int n = 20_000;

        @Option(names = "--dim", description = "Dimension (default: ${DEFAULT-VALUE}; the collection's).")
        int dim = 1792;

        @Option(names = "--queries", description = "Queries (default: ${DEFAULT-VALUE}).")
        int queries = 500;

        @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed = 42;

        @Override
        public Integer call() {
            StoreBench.run(store, n, dim, queries, seed, System.out);
            return 0;
        }
    }

    @Command(name = "soak", description = "Mixed traffic against a server process, killed with SIGKILL and restarted "
            + "half way; reports lost acknowledged writes, 5xx and heap/open files over time.")
    static final class SoakRun implements Callable<Integer> {
        @Option(names = "--minutes", description = "Duration (default: ${DEFAULT-VALUE}).")
        double minutes = 10;

        @Option(names = "--concurrency", description = "Clients (default: ${DEFAULT-VALUE}).")
        int concurrency = 8;

        @Option(names = "--bank", paramLabel = "DIR", description = "Bank folder for the server (default: a new "
                + "temporary folder seeded with the seed bank).")
        Path bank;

        @Override
        public Integer call() throws Exception {
            Path dir = bank != null ? bank : java.nio.file.Files.createTempDirectory("fakebank-soak").resolve("index");
            // the server runs from this very jar, with the same JVM and flags
            List<String> command = new java.util.ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve",
                    "--inference-concurrency", "2", "--queue", "64"));
            boolean ok = new fakebank.bench.Soak(dir, command, java.time.Duration.ofMillis((long) (minutes * 60_000)),
                    concurrency, System.out).run();
            return ok ? 0 : 1;
        }
    }

    @Command(name = "train", description = "Time a detector retrain on synthetic labelled vectors (clustered, with "
            + "generator and source groups like a real bank) and report the peak heap. Run the JVM with the heap "
            + "limit to prove, e.g. FAKEBANK_JAVA_OPTS=-Xmx2g.")
    static final class Train implements Callable<Integer> {
        @Option(names = "--entries", split = ",", description = "Bank sizes, e.g. 10000,50000,100000 (default: "
                + "${DEFAULT-VALUE}).")
        List<Integer> entries = List.of(10_000);

        @Option(names = "--dim", description = "Dimension (default: ${DEFAULT-VALUE}, the default encoder's).")
        int dim = 1792;

        @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed = 42;

        @Option(names = "--json", description = "One JSON line per size.")
        boolean json;

        @Override
        public Integer call() {
            TrainBench.run(entries, dim, seed, json, System.out);
            return 0;
        }
    }

    @Command(name = "keypoints", description = "The copy-detection keypoint index alone: does a re-shared copy's "
            + "vote rank its original first, and how long does a vote take.")
    static final class Keypoints implements Callable<Integer> {
        @Parameters(paramLabel = "FOLDER", arity = "1..*", description = "Folders of images (all are indexed).")
        List<Path> folders;

        @Option(names = "--transforms", split = ",", description = "Copy transforms (default: ${DEFAULT-VALUE}).")
        List<String> transforms = List.of("crop_60_corner", "screenshot", "mirror_crop", "crop_down_jpeg70");

        @Option(names = "--fill", description = "Also index this many edited variants of the images (recoloured, "
                + "cropped, rotated...), to time votes in a larger bank (default: none).")
        int fill;

        @Override
        public Integer call() {
            KeypointBench.run(InputFiles.expand(folders.stream().map(Path::toString).toList()).stream()
                    .map(InputFiles.Input::path).toList(), transforms, fill, System.out);
            return 0;
        }
    }
}
