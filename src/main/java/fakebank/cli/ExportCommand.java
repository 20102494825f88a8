package fakebank.cli;

import fakebank.bank.Bank;
import fakebank.service.Fakebank;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fakebank export}: a portable bank file (metadata, vectors, encoder identity) for backup and sharing. */
@Command(name = "export", description = "Write the live bank to a portable file (gzip JSON lines).")
final class ExportCommand implements Callable<Integer> {
    @Mixin
    ServiceOptions service;

    @Parameters(paramLabel = "FILE")
    Path file;

    @Option(names = "--no-thumbnails", description = "Leave thumbnails out (no pixels in the file).")
    boolean noThumbnails;

    @Override
    public Integer call() {
        try (Fakebank fakebank = service.openForReading()) {
            Bank.export(fakebank.bank(), file, !noThumbnails);
            System.out.println("exported " + fakebank.stats().live() + " entries to " + file);
        }
        return 0;
    }
}
