package fakebank.cli;

import fakebank.bench.EmbedBench;
import fakebank.bench.SearchBench;
import fakebank.bench.StoreBench;
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
        BenchCommand.Search.class, BenchCommand.Store.class})
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
}
