package fakebank.cli;

import fakebank.bench.EmbedBench;
import fakebank.bench.SearchBench;
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
        BenchCommand.Search.class, BenchCommand.SoakRun.class})
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

        @Override
        public Integer call() {
            FakebankConfig config = service.config();
            EmbedBench.run(config, InputFiles.expand(List.of(folder.toString())).stream()
                    .map(InputFiles.Input::path).limit(limit).toList(), batches, System.out);
            return 0;
        }
    }

    @Command(name = "search", description = "HNSW index time, recall@10 and latency on synthetic clustered vectors.")
    static final class Search implements Callable<Integer> {
        @Option(names = "--n", description = "Vectors (default: ${DEFAULT-VALUE}).")
        int n = 100_000;

        @Option(names = "--dim", description = "Dimension (default: ${DEFAULT-VALUE}, the default encoder's).")
        int dim = 1792;

        @Option(names = "--queries", description = "Queries (default: ${DEFAULT-VALUE}).")
        int queries = 1000;

        @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed = 42;

        @Override
        public Integer call() {
            SearchBench.run(n, dim, queries, seed, System.out);
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
}
