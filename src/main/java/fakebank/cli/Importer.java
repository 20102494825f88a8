package fakebank.cli;

import fakebank.bank.AddResult;
import fakebank.bank.EntryMeta;
import fakebank.bank.Label;
import fakebank.bank.NewEntry;
import fakebank.embed.BatchEmbedder;
import fakebank.image.RgbImage;
import fakebank.service.Embedded;
import fakebank.service.Fakebank;
import fakebank.hash.Sha256;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.List;
import java.util.Optional;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Imports many files: reads and hashes each on a worker thread, skips exact duplicates before embedding, embeds
 * in batches, and stores every {@value #FLUSH} entries with one durable sync. A file that fails is reported with
 * its reason and the import goes on. Shows a progress bar (rate, ETA) on a terminal.
 */
final class Importer {
    static final int FLUSH = 32;
    /**
     * Images per forward pass in bulk commands. On 2 cores with the default encoder, batch 1 was fastest
     * (`bench embed`: 60 img/s at batch 1, 47 at 4, 23 at 16): larger batches only add cache misses.
     */
    static final int BATCH = 1;

    /** What one import did; {@code failures} are "file: reason" lines. */
    record Summary(int added, int duplicates, int failed, List<String> failures) {
        String line() {
            return "added=" + added + " duplicates=" + duplicates + " failed=" + failed;
        }

        Summary plus(Summary o) {
            List<String> all = new ArrayList<>(failures);
            all.addAll(o.failures);
            return new Summary(added + o.added, duplicates + o.duplicates, failed + o.failed, List.copyOf(all));
        }
    }

    /** What the user said on the command line, overriding the layout or manifest when set. */
    record Defaults(Label label, String generator, fakebank.bank.Family family, String source, String note,
            String by) {
    }

    /** A file on its way in: the loader fills in the bytes and hash on a worker thread. */
    private static final class Pending {
        final InputFiles.Input input;
        byte[] bytes;
        String sha256;

        Pending(InputFiles.Input input) {
            this.input = input;
        }
    }

    /** Thrown by the loader for a file whose exact bytes are already in the bank: counted, not a failure. */
    private static final class AlreadyInBank extends Exception {
        final String id;

        AlreadyInBank(String id) {
            super(null, null, false, false);
            this.id = id;
        }
    }

    private final Fakebank fakebank;
    private final Defaults defaults;
    private final List<NewEntry> buffer = new ArrayList<>();
    private final List<String> bufferFiles = new ArrayList<>();
    private final Consumer<Map<String, Object>> events;
    private int added;
    private int duplicates;
    private final List<String> failures = new ArrayList<>();

    /** {@code events}, when not null, receives one record per file once its outcome is final (and durable). */
    Importer(Fakebank fakebank, Defaults defaults, Consumer<Map<String, Object>> events) {
        this.fakebank = fakebank;
        this.defaults = defaults;
        this.events = events;
    }

    Summary run(List<InputFiles.Input> inputs, PrintStream err) {
        List<Pending> items = inputs.stream().map(Pending::new).toList();
        try (ProgressBar bar = progressBar(items.size())) {
            new BatchEmbedder(fakebank.encoder(), BATCH, fakebank.config().predictors()).run(items, this::load, r -> {
                if (r.ok()) {
                    accept(r.item(), r.image(), r.vector());
                } else if (r.error() instanceof AlreadyInBank known) {
                    duplicates++;
                    event(r.item().input.display(), "duplicate", r.item().sha256, known.id);
                } else {
                    failures.add(r.item().input.display() + ": " + Main.message(r.error()));
                    event(r.item().input.display(), "failed", null, Main.message(r.error()));
                }
                r.item().bytes = null; // let the original go once it is embedded
                if (buffer.size() >= FLUSH) {
                    flush();
                }
                if (bar != null) {
                    bar.step();
                }
            });
            flush();
        }
        for (String f : failures) {
            err.println("failed: " + f);
        }
        return new Summary(added, duplicates, failures.size(), List.copyOf(failures));
    }

    private RgbImage load(Pending p) throws Exception {
        p.bytes = Files.readAllBytes(p.input.path());
        p.sha256 = Sha256.hex(p.bytes);
        Optional<String> existing = fakebank.bank().idForSha256(p.sha256);
        if (existing.isPresent()) {
            throw new AlreadyInBank(existing.get());
        }
        label(p.input); // fail before decoding when the file has no label
        return fakebank.decoder().decode(p.bytes);
    }

    private Label label(InputFiles.Input in) {
        Label label = defaults.label() != null ? defaults.label() : in.label();
        if (label == null) {
            throw new IllegalArgumentException("no label: give --label, a real/ or fake/ folder, or a manifest");
        }
        return label;
    }

    private void accept(Pending p, RgbImage image, float[] vector) {
        InputFiles.Input in = p.input;
        EntryMeta meta = new EntryMeta(label(in), first(defaults.generator(), in.generator()),
                defaults.family() != null ? defaults.family() : in.family(),
                first(defaults.source(), Optional.ofNullable(in.source()).orElse(in.display())),
                defaults.note(), defaults.by());
        buffer.add(fakebank.entry(new Embedded(p.sha256, image, vector, 0, 0), p.bytes, meta));
        bufferFiles.add(in.display());
    }

    private void flush() {
        if (buffer.isEmpty()) {
            return;
        }
        List<AddResult> results = fakebank.addAll(List.copyOf(buffer));
        for (int i = 0; i < results.size(); i++) {
            AddResult r = results.get(i);
            if (r.duplicate()) {
                duplicates++; // the same bytes twice within one import
            } else {
                added++;
            }
            event(bufferFiles.get(i), r.duplicate() ? "duplicate" : "added", r.sha256(), r.id());
        }
        buffer.clear();
        bufferFiles.clear();
    }

    private void event(String file, String status, String sha256, String idOrError) {
        event(events, file, status, sha256, idOrError);
    }

    /** One {@code --jsonl} line: file, status (added, duplicate, failed), sha256, and the id or the error. */
    static void event(Consumer<Map<String, Object>> events, String file, String status, String sha256,
            String idOrError) {
        if (events == null) {
            return;
        }
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("file", file);
        e.put("status", status);
        if (sha256 != null) {
            e.put("sha256", sha256);
        }
        if (idOrError != null) {
            e.put("failed".equals(status) ? "error" : "id", idOrError);
        }
        events.accept(e);
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    private static ProgressBar progressBar(int total) {
        if (System.console() == null) {
            return null; // no bar in logs and pipes: the summary line says it all
        }
        return new ProgressBarBuilder().setTaskName("import").setInitialMax(total)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).showSpeed().setUnit(" img", 1).build();
    }
}
