package fakebank.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Removal of the benchmarks' scratch folders. */
public final class TempFolders {
    private TempFolders() {
    }

    /** Deletes {@code dir} and everything under it; a leftover is not worth failing a benchmark for. */
    public static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // see above
        }
    }
}
