package fakebank.cli;

import fakebank.bank.EntryMeta;
import fakebank.bank.Label;
import fakebank.error.MissingToolException;
import fakebank.service.Fakebank;
import fakebank.video.VideoAnalyzer;
import fakebank.video.VideoSettings;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code add} for videos: each video's sampled frames become bank entries (through the service's image add), each
 * with the video and the frame's time as its source ({@code clip.mp4#t=12.0}). A video that cannot be read is one
 * failure; a frame that fails is one failure; the rest go on.
 */
final class VideoImporter {
    private final VideoAnalyzer analyzer;
    private final Importer.Defaults defaults;
    private final Consumer<Map<String, Object>> events;

    VideoImporter(Fakebank fakebank, VideoSettings settings, Importer.Defaults defaults,
            Consumer<Map<String, Object>> events) {
        this.analyzer = new VideoAnalyzer(fakebank, settings);
        this.defaults = defaults;
        this.events = events;
    }

    Importer.Summary run(List<InputFiles.Input> videos, PrintStream err) {
        int added = 0;
        int duplicates = 0;
        List<String> failures = new ArrayList<>();
        for (InputFiles.Input in : videos) {
            try {
                Label label = defaults.label() != null ? defaults.label() : in.label();
                if (label == null) {
                    throw new IllegalArgumentException("no label: give --label, a real/ or fake/ folder, or a manifest");
                }
                String source = defaults.source() != null ? defaults.source()
                        : in.source() != null ? in.source() : in.display();
                EntryMeta meta = new EntryMeta(label, defaults.generator() != null ? defaults.generator()
                        : in.generator(), defaults.family() != null ? defaults.family() : in.family(), source,
                        defaults.note(), defaults.by());
                for (VideoAnalyzer.FrameAdd f : analyzer.add(in.path(), meta, source)) {
                    String name = VideoAnalyzer.frameName(in.display(), f.seconds());
                    if (f.error() != null) {
                        failures.add(name + ": " + f.error().getMessage());
                        event(name, "failed", null, f.error().getMessage());
                    } else if (f.result().duplicate()) {
                        duplicates++;
                        event(name, "duplicate", f.result().sha256(), f.result().id());
                    } else {
                        added++;
                        event(name, "added", f.result().sha256(), f.result().id());
                    }
                }
            } catch (MissingToolException e) {
                throw e;
            } catch (RuntimeException e) {
                failures.add(in.display() + ": " + Main.message(e));
                event(in.display(), "failed", null, Main.message(e));
            }
        }
        for (String f : failures) {
            err.println("failed: " + f);
        }
        return new Importer.Summary(added, duplicates, failures.size(), List.copyOf(failures));
    }

    private void event(String file, String status, String sha256, String idOrError) {
        Importer.event(events, file, status, sha256, idOrError);
    }
}
