package fakebank.cli;

import fakebank.service.Fakebank;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fakebank import-hashes}: adds a shared PDQ hash list as hash-only entries. */
@Command(name = "import-hashes", description = "Add a CSV list of PDQ hashes (pdq,label[,quality,generator,family,"
        + "source,note,id]) as hash-only entries that match by Hamming distance.")
final class ImportHashesCommand implements Callable<Integer> {
    @Mixin
    ServiceOptions service;

    @Parameters(paramLabel = "FILE.csv")
    Path file;

    @Option(names = "--by", description = "Who is importing (audit log; default: ${DEFAULT-VALUE}).")
    String by = "cli";

    @Override
    public Integer call() throws Exception {
        try (Fakebank fakebank = service.open(); Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Fakebank.HashImport r = fakebank.importHashes(in, by);
            r.errors().forEach(e -> System.err.println(file + ": " + e));
            System.out.println(Json.pretty(r));
            return r.failed() > 0 ? 3 : 0;
        }
    }
}
