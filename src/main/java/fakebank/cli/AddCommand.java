package fakebank.cli;

import fakebank.bank.Family;
import fakebank.bank.Label;
import fakebank.service.Fakebank;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fakebank add}: imports files, folders (real/ and fake/[generator/] layout) or CSV manifests. */
@Command(name = "add", description = "Add images, or the sampled frames of videos, to the bank. Re-running the same "
        + "import adds nothing.")
final class AddCommand implements Callable<Integer> {
    @Mixin
    ServiceOptions service;

    @Mixin
    VideoOptions video;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Image or video files, folders or manifest.csv "
            + "files.")
    List<String> paths;

    @Option(names = "--label", description = "real or fake (overrides the folder layout and manifest).")
    String label;

    @Option(names = "--generator", description = "Generator name, e.g. 'Stable Diffusion 1.5'.")
    String generator;

    @Option(names = "--family", description = "gan, diffusion, autoregressive, face-swap, other or unknown.")
    String family;

    @Option(names = "--source", description = "Where the images came from (URL or text).")
    String source;

    @Option(names = "--note", description = "Free text stored with each entry.")
    String note;

    @Option(names = "--by", description = "Who adds (recorded in the audit log; default: $USER).")
    String by = System.getProperty("user.name", "cli");

    @Option(names = "--jsonl", description = "Print one JSON line per file once it is durably stored "
            + "(status added, duplicate or failed).")
    boolean jsonl;

    @Option(names = "--no-train", description = "Do not retrain the detector after adding (never done on a bank of "
            + "more than 10,000 entries: run `train` then).")
    boolean noTrain;

    @Mixin
    ServerOptions server;

    @Override
    public Integer call() {
        ServerClient client = server.client();
        if (client != null) {
            return viaServer(client);
        }
        var defaults = new Importer.Defaults(label == null ? null : Label.parse(label), generator,
                family == null ? null : Family.parse(family), source, note, by);
        List<InputFiles.Input> inputs = InputFiles.expand(paths, true);
        List<InputFiles.Input> videos = inputs.stream().filter(InputFiles::isVideo).toList();
        List<InputFiles.Input> images = inputs.stream().filter(in -> !videos.contains(in)).toList();
        try (Fakebank fakebank = service.open()) {
            Importer.Summary summary = new Importer(fakebank, defaults,
                    jsonl ? e -> System.out.println(Json.line(e)) : null).run(images, System.err);
            if (!videos.isEmpty()) {
                summary = summary.plus(new VideoImporter(fakebank, video.settings(), defaults,
                        jsonl ? e -> System.out.println(Json.line(e)) : null).run(videos, System.err));
            }
            if (summary.added() > 0 && !noTrain) {
                if (fakebank.isLarge()) {
                    // minutes of training after every add would make adding unusable; the saved detector stays
                    // (stale), and the kNN vote already sees the new entries
                    System.err.println("the bank holds " + fakebank.bank().liveCount() + " entries (more than "
                            + Fakebank.INLINE_RETRAIN_LIMIT + "): not retraining after this add; the detector is "
                            + "stale until `tools/fakebank train` (or a running server's background retrain)");
                } else {
                    fakebank.retrain(by, false);
                }
            }
            System.out.println(summary.line());
            return summary.failed() == 0 ? 0 : 3;
        }
    }

    /** One POST per image; the server dedupes, embeds, stores and retrains in the background itself. */
    private int viaServer(ServerClient client) {
        int added = 0;
        int duplicates = 0;
        java.util.List<String> failures = new java.util.ArrayList<>();
        for (InputFiles.Input in : InputFiles.expand(paths)) {
            Label l = label != null ? Label.parse(label) : in.label();
            if (l == null) {
                failures.add(in.display() + ": no label (give --label, a real/ or fake/ folder, or a manifest)");
                continue;
            }
            Family f = family != null ? Family.parse(family) : in.family();
            try {
                byte[] bytes = java.nio.file.Files.readAllBytes(in.path());
                var result = client.addImage(in.display(), bytes, ServerClient.fields(l.json(),
                        generator != null ? generator : in.generator(), f == null ? null : f.json(),
                        source != null ? source : in.source(), note));
                boolean duplicate = result != null && result.path("duplicate").asBoolean(false);
                if (duplicate) {
                    duplicates++;
                } else {
                    added++;
                }
                if (jsonl) {
                    System.out.println(Json.line(java.util.Map.of("file", in.display(), "status",
                            duplicate ? "duplicate" : "added", "id", result == null ? "" : result.path("id").asText())));
                }
            } catch (java.io.IOException | fakebank.error.FakebankException e) {
                if (e instanceof fakebank.error.UnauthorizedException || e instanceof fakebank.error.ForbiddenException
                        || e instanceof fakebank.error.StorageException) {
                    throw (RuntimeException) e; // every further image would fail the same way
                }
                failures.add(in.display() + ": " + e.getMessage());
            }
        }
        failures.forEach(f -> System.err.println("failed: " + f));
        System.out.println(new Importer.Summary(added, duplicates, failures.size(), failures).line());
        return failures.isEmpty() ? 0 : 3;
    }
}
