package fakebank.cli;

import fakebank.bank.Family;
import fakebank.bank.Label;
import fakebank.bank.SearchFilter;
import fakebank.service.Fakebank;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fakebank search}: the closest known images to one image, as JSON. */
@Command(name = "search", description = "Find the closest known images (provenance).")
final class SearchCommand implements Callable<Integer> {
    @Mixin
    ServiceOptions service;

    @Parameters(paramLabel = "IMAGE")
    Path image;

    @Option(names = {"-k"}, description = "How many matches (default: ${DEFAULT-VALUE}).")
    int k = 10;

    @Option(names = "--label", description = "Only real or only fake entries.")
    String label;

    @Option(names = "--generator", description = "Only this generator.")
    String generator;

    @Option(names = "--family", description = "Only this family.")
    String family;

    @Option(names = "--added-after", description = "Only entries added after this ISO-8601 instant.")
    Instant addedAfter;

    @Override
    public Integer call() throws Exception {
        if (k < 1 || k > 1000) {
            throw new IllegalArgumentException("-k must be between 1 and 1000");
        }
        SearchFilter filter = new SearchFilter(label == null ? null : Label.parse(label), generator,
                family == null ? null : Family.parse(family), addedAfter);
        byte[] bytes = Files.readAllBytes(image);
        try (Fakebank fakebank = service.openForReading()) {
            Fakebank.SearchResult r = fakebank.searchAll(bytes, k, filter);
            System.out.println(Json.pretty(Map.of("matches", r.matches(), "hash_matches", r.hashMatches())));
        }
        return 0;
    }
}
