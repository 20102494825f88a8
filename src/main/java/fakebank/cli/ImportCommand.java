package fakebank.cli;

import fakebank.service.Fakebank;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code fakebank import}: reads a portable bank file made by {@code export} with the same encoder. */
@Command(name = "import", description = "Import a portable bank file (same encoder required).")
final class ImportCommand implements Callable<Integer> {
    @Mixin
    ServiceOptions service;

    @Parameters(paramLabel = "FILE")
    Path file;

    @Override
    public Integer call() {
        try (Fakebank fakebank = service.open()) {
            var summary = fakebank.bank().importFile(file, System.getProperty("user.name", "cli"));
            summary.errors().forEach(e -> System.err.println("failed: " + e));
            System.out.println("added=" + summary.added() + " duplicates=" + summary.duplicates() + " failed="
                    + summary.failed());
            return summary.failed() == 0 ? 0 : 3;
        }
    }
}
