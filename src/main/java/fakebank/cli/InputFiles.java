package fakebank.cli;

import fakebank.bank.Family;
import fakebank.bank.Label;
import fakebank.video.VideoFormats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Expands command-line inputs into image files: files as given, folders recursively (sorted, so runs repeat), and
 * {@code .csv} manifests. A folder laid out as {@code real/...} and {@code fake/[generator/]...} gives each file
 * its label (and generator); a manifest has {@code file,label} and optionally {@code generator,family,source}.
 */
final class InputFiles {
    static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "gif", "bmp", "webp", "tif", "tiff");

    /** One image to process: {@code display} is the path as the user gave it, joined with the path inside a folder. */
    record Input(Path path, String display, Label label, String generator, Family family, String source) {
    }

    private InputFiles() {
    }

    static List<Input> expand(List<String> args) {
        return expand(args, false);
    }

    /** As {@link #expand(List)}; with {@code videos}, folders also yield video files (mp4, mov, webm, mkv). */
    static List<Input> expand(List<String> args, boolean videos) {
        List<Input> out = new ArrayList<>();
        for (String arg : args) {
            Path p = Path.of(arg);
            if (Files.isDirectory(p)) {
                out.addAll(folder(p, arg, videos));
            } else if (arg.toLowerCase(Locale.ROOT).endsWith(".csv")) {
                out.addAll(Manifest.read(p));
            } else {
                out.add(new Input(p, arg, null, null, null, null));
            }
        }
        return out;
    }

    private static List<Input> folder(Path root, String display, boolean videos) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> isImage(f) || videos && VideoFormats.hasVideoExtension(f)).sorted()
                    .map(f -> fromLayout(root, f, display)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    /** A video by its name or, for names that are not images, by its first bytes. */
    static boolean isVideo(Input in) {
        return !isImage(in.path()) && VideoFormats.isVideo(in.path());
    }

    static boolean isImage(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * Reads labels from a {@code real/} or {@code fake/<generator>/} layout, counting the given folder's own name
     * (so both {@code set/} and {@code set/fake/} work); unlabelled otherwise.
     */
    private static Input fromLayout(Path root, Path file, String display) {
        Path rel = root.relativize(file);
        String shown = display.endsWith("/") ? display + rel : display + "/" + rel;
        List<String> folders = new ArrayList<>();
        Path rootName = root.toAbsolutePath().normalize().getFileName();
        if (rootName != null) {
            folders.add(rootName.toString());
        }
        for (int i = 0; i < rel.getNameCount() - 1; i++) {
            folders.add(rel.getName(i).toString());
        }
        Label label = null;
        String generator = null;
        for (int i = folders.size() - 1; i >= 0; i--) {
            String part = folders.get(i).toLowerCase(Locale.ROOT);
            if (part.equals("real") || part.equals("fake")) {
                label = Label.parse(part);
                if (label == Label.FAKE && i + 1 < folders.size()) {
                    generator = folders.get(i + 1);
                }
                break;
            }
        }
        return new Input(file, shown, label, generator, null, null);
    }
}
