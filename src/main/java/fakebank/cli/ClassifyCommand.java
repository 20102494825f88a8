package fakebank.cli;

import fakebank.bank.Match;
import fakebank.detect.Verdict;
import fakebank.embed.BatchEmbedder;
import fakebank.error.MissingToolException;
import fakebank.hash.Sha256;
import fakebank.metadata.MetadataReader;
import fakebank.metadata.MetadataReport;
import fakebank.service.Classification;
import fakebank.service.Embedded;
import fakebank.service.Fakebank;
import fakebank.video.VideoAnalyzer;
import fakebank.video.VideoVerdicts;
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

/**
 * {@code fakebank classify}: a verdict per image or video, as CSV (the default) or JSON lines. Images come first
 * (embedded in batches), then videos, each in the order given.
 */
@Command(name = "classify", description = "Classify images and videos (mp4, mov, webm, mkv) as real, fake or unsure.")
final class ClassifyCommand implements Callable<Integer> {
    static final String CSV_HEADER = "file,verdict,p_fake,p_fake_knn,p_fake_probe,family,generator,nearest_id,"
            + "nearest_similarity,nearest_label,reasons,metadata,known_match,match_type";

    @Mixin
    ServiceOptions service;

    @Mixin
    VideoOptions video;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Image or video files, or folders.")
    List<String> paths;

    @Option(names = "--frames", description = "For each video, also write one row per sampled frame, named "
            + "video.mp4#t=12.0.")
    boolean frames;

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
        List<InputFiles.Input> inputs = InputFiles.expand(paths, true);
        List<InputFiles.Input> videos = inputs.stream().filter(InputFiles::isVideo).toList();
        List<Item> items = inputs.stream().filter(in -> !videos.contains(in)).map(Item::new).toList();
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
            failed[0] += classifyVideos(fakebank, videos, jsonl, sink);
        }
        return failed[0] == 0 ? 0 : 3;
    }

    /** One row per video (and per frame with --frames); returns how many videos failed. */
    private int classifyVideos(Fakebank fakebank, List<InputFiles.Input> videos, boolean jsonl, PrintStream sink) {
        if (videos.isEmpty()) {
            return 0;
        }
        VideoAnalyzer analyzer = new VideoAnalyzer(fakebank, video.settings());
        int failed = 0;
        for (InputFiles.Input in : videos) {
            String file = in.display();
            VideoAnalyzer.Result r;
            try {
                r = analyzer.classify(in.path(), false);
            } catch (MissingToolException e) {
                throw e; // no video can be read: stop with its exit code
            } catch (RuntimeException e) {
                failed++;
                System.err.println("failed: " + file + ": " + Main.message(e));
                continue;
            }
            VideoVerdicts.VideoVerdict v = r.video();
            if (jsonl) {
                Map<String, Object> row = jsonRow(file, v.verdict());
                row.put("reasons", v.reasons());
                row.put("known_frames", v.known().stream().map(k -> Map.of("t", k.seconds(), "id", k.match().id(),
                        "similarity", k.match().similarity(), "label", k.match().label().json())).toList());
                sink.println(Json.line(row));
            } else {
                sink.println(csvRow(file, v.verdict()));
            }
            if (frames) {
                for (VideoVerdicts.FrameVerdict f : v.frames()) {
                    String name = VideoAnalyzer.frameName(file, f.seconds());
                    sink.println(jsonl ? Json.line(jsonRow(name, f.verdict())) : csvRow(name, f.verdict()));
                }
            }
        }
        return failed;
    }

    static String csvRow(String file, Verdict v) {
        return csvRow(file, v, "");
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
        Map<String, Object> row = jsonRow(file, c.verdict());
        row.put("metadata", c.metadata());
        return row;
    }

    private static Map<String, Object> jsonRow(String file, Verdict v) {
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
        return row;
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
