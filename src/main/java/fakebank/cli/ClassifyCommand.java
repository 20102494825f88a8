package fakebank.cli;

import fakebank.bank.Match;
import fakebank.detect.Verdict;
import fakebank.embed.BatchEmbedder;
import fakebank.metadata.MetadataReader;
import fakebank.metadata.MetadataReport;
import fakebank.service.Classification;
import fakebank.service.Embedded;
import fakebank.service.Fakebank;
import fakebank.hash.Sha256;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fakebank classify}: a verdict per image, as CSV (the default) or JSON lines. */
@Command(name = "classify", description = "Classify images as real, fake or unsure.")
final class ClassifyCommand implements Callable<Integer> {
    static final String CSV_HEADER = "file,verdict,p_fake,p_fake_knn,p_fake_probe,family,generator,nearest_id,"
            + "nearest_similarity,nearest_label,reasons,metadata,known_match,match_type";

    @Mixin
    ServiceOptions service;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Image files or folders.")
    List<String> paths;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE (.csv or .jsonl) instead of stdout.")
    Path out;

    /** A file read on a worker thread: bytes kept only long enough to hash them. */
    private static final class Item {
        final InputFiles.Input input;
        String sha256;
        MetadataReport metadata;

        Item(InputFiles.Input input) {
            this.input = input;
        }
    }

    @Override
    public Integer call() throws IOException {
        boolean jsonl = out != null && out.toString().toLowerCase(Locale.ROOT).endsWith(".jsonl");
        List<Item> items = InputFiles.expand(paths).stream().map(Item::new).toList();
        int[] failed = {0};
        try (Fakebank fakebank = service.openForReading();
                PrintStream sink = out == null ? new PrintStream(System.out, true, StandardCharsets.UTF_8)
                        : new PrintStream(Files.newOutputStream(out), false, StandardCharsets.UTF_8)) {
            fakebank.detectorModel(); // trains now if the saved detector is older than the bank
            if (!jsonl) {
                sink.println(CSV_HEADER);
            }
            new BatchEmbedder(fakebank.encoder(), Importer.BATCH, fakebank.config().predictors()).run(items, item -> {
                byte[] bytes = Files.readAllBytes(item.input.path());
                item.sha256 = Sha256.hex(bytes);
                item.metadata = MetadataReader.read(bytes);
                return fakebank.decoder().decode(bytes);
            }, r -> {
                String file = r.item().input.display();
                if (!r.ok()) {
                    failed[0]++;
                    System.err.println("failed: " + file + ": " + Main.message(r.error()));
                    return;
                }
                Classification c = fakebank.classify(new Embedded(r.item().sha256, r.image(), r.vector(), 0, 0),
                        r.item().metadata);
                sink.println(jsonl ? Json.line(jsonRow(file, c)) : csvRow(file, c.verdict(), c.metadataSummary()));
            });
        }
        return failed[0] == 0 ? 0 : 3;
    }

    static String csvRow(String file, Verdict v, String metadata) {
        Match nearest = v.matches().isEmpty() ? null : v.matches().get(0);
        return Manifest.FORMAT.format(file, v.verdict().json(), num(v.pFake()), num(v.pFakeKnn()),
                num(v.pFakeProbe()), v.attribution().family(), v.attribution().generator(),
                nearest == null ? "" : nearest.id(), nearest == null ? "" : num(nearest.similarity()),
                nearest == null ? "" : nearest.label().json(), String.join(";", v.reasonCodes()), metadata,
                v.knownMatch() == null ? "" : v.knownMatch(), v.matchType() == null ? "" : v.matchType().json());
    }

    private static Map<String, Object> jsonRow(String file, Classification c) {
        Verdict v = c.verdict();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("file", file);
        row.put("verdict", v.verdict().json());
        row.put("p_fake", v.pFake());
        row.put("p_fake_knn", v.pFakeKnn());
        row.put("p_fake_probe", v.pFakeProbe());
        row.put("family", v.attribution().family());
        row.put("generator", v.attribution().generator());
        row.put("known_match", v.knownMatch());
        row.put("match_type", v.matchType() == null ? null : v.matchType().json());
        row.put("known", v.known());
        row.put("matches", v.matches());
        row.put("reasons", v.reasons());
        row.put("metadata", c.metadata());
        return row;
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
