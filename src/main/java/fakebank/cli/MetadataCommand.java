package fakebank.cli;

import fakebank.metadata.MetadataReader;
import fakebank.metadata.MetadataReport;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fakebank metadata}: the provenance metadata of each image (C2PA, IPTC/XMP, EXIF, generator PNG chunks) as
 * one JSON line per file. Needs no model and no bank.
 */
@Command(name = "metadata",
        description = "Read provenance metadata (C2PA, XMP, EXIF, PNG text) and print one JSON line per image.")
final class MetadataCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Image files or folders.")
    List<String> paths;

    @Option(names = "--max-bytes", description = "Skip files larger than this (default: ${DEFAULT-VALUE}).")
    long maxBytes = 20L << 20;

    @Override
    public Integer call() {
        int failed = 0;
        for (InputFiles.Input in : InputFiles.expand(paths)) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("file", in.display());
            try {
                long size = Files.size(in.path());
                if (size > maxBytes) {
                    throw new IOException("file is " + size + " bytes; the limit is " + maxBytes);
                }
                MetadataReport report = MetadataReader.read(Files.readAllBytes(in.path()));
                line.put("metadata", report);
            } catch (IOException e) {
                line.put("error", "cannot read: " + Main.message(e));
                failed++;
            }
            System.out.println(Json.line(line));
        }
        return failed == 0 ? 0 : 3;
    }
}
