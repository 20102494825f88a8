package fakebank.cli;

import fakebank.provenance.HashCsv;
import fakebank.service.Fakebank;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code fakebank export-hashes}: every live entry's PDQ hash as a CSV hash list others can import. */
@Command(name = "export-hashes", description = "Write the PDQ hashes of every live entry (images and hash-only) as CSV.")
final class ExportHashesCommand implements Callable<Integer> {
    @Mixin
    ServiceOptions service;

    @Parameters(paramLabel = "FILE.csv")
    Path file;

    @Override
    public Integer call() throws Exception {
        try (Fakebank fakebank = service.open()) {
            List<HashCsv.Row> rows = fakebank.hashRows();
            Path target = file.toAbsolutePath();
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                HashCsv.write(out, rows);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            System.out.println("exported " + rows.size() + " hashes to " + file);
        }
        return 0;
    }
}
