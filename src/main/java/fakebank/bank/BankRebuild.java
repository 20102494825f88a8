package fakebank.bank;

import fakebank.error.ConflictException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Re-embeds a bank for a new encoder from its kept originals: same ids, labels, sources and dates, new vectors
 * and thumbnails. The new bank is built beside the old one and swapped in only when complete; the old folder is
 * kept as {@code <dir>.before-reindex-<time>}. Entries without an original, or whose original no longer decodes,
 * cannot be re-embedded: the rebuild names them and leaves the bank unchanged unless the caller accepts dropping
 * them.
 */
public final class BankRebuild {
    /** Re-embeds one original: the new vector (unit length) and thumbnail. */
    @FunctionalInterface
    public interface Reembedder {
        Reembedded apply(byte[] original) throws Exception;
    }

    public record Reembedded(float[] vector, byte[] thumbnail) {
    }

    /** What a rebuild did; {@code backup} is where the old bank now lives. */
    public record Summary(int reembedded, int dropped, List<String> failures, Path backup) {
    }

    private BankRebuild() {
    }

    /** The encoder ("name@version") and dimension a bank folder was built with, if it is a bank. */
    public static Optional<String> encoderOf(Path dir) {
        return BankManifest.readIfExists(dir).map(m -> m.encoder() + " (dim " + m.dim() + ")");
    }

    public static Summary rebuild(Path dir, BankOptions options, String encoder, int dim, Reembedder reembed,
            boolean dropMissing, String by) {
        if (options.remoteStore()) {
            // The rebuilt bank would be written into the same collection it reads from.
            throw new ConflictException("reindex works on a local bank; for a Solr store, export it, reindex the "
                    + "export locally, then import it into a new collection with --store (docs/scale-out.md)");
        }
        BankManifest old = BankManifest.readIfExists(dir)
                .orElseThrow(() -> new ConflictException("no bank at " + dir + " to reindex"));
        Path building = dir.resolveSibling(dir.getFileName() + ".reindexing");
        deleteTree(building);
        try {
            return rebuildInto(dir, building, old, options, encoder, dim, reembed, dropMissing, by);
        } catch (RuntimeException e) {
            deleteTree(building);
            throw e;
        }
    }

    private static Summary rebuildInto(Path dir, Path building, BankManifest old, BankOptions options,
            String encoder, int dim, Reembedder reembed, boolean dropMissing, String by) {
        int done = 0;
        int dropped = 0;
        List<String> failures = new ArrayList<>();
        try (Bank from = Bank.open(dir, old.encoder(), old.dim(), options);
                Bank to = Bank.open(building, encoder, dim, options)) {
            List<EntryRecord> live = new ArrayList<>();
            from.scanLive(false, n -> { }, live::add);
            long missing = live.stream().filter(r -> from.original(r.id()).isEmpty()).count();
            if (missing > 0 && !dropMissing) {
                throw new ConflictException(missing + " of " + live.size() + " entries have no kept original "
                        + "(imported or added with --no-originals) and cannot be re-embedded; rerun with "
                        + "--drop-missing to rebuild without them");
            }
            List<EntryRecord> batch = new ArrayList<>();
            for (EntryRecord r : live) {
                Optional<byte[]> original = from.original(r.id());
                if (original.isEmpty()) {
                    dropped++;
                    continue;
                }
                try {
                    Reembedded e = reembed.apply(original.get());
                    to.keepOriginal(r.sha256(), original.get());
                    // provenance signatures depend on pixels, not on the encoder: carried over as they are
                    from.signature(r.sha256()).ifPresent(sig -> to.keepSignature(r.sha256(), sig));
                    batch.add(new EntryRecord(r.id(), r.sha256(), r.label(), r.generator(), r.family(), r.source(),
                            r.note(), r.addedAt(), r.addedBy(), encoder, e.vector(), e.thumbnail(), true, false,
                            null, null, null));
                } catch (Exception e) {
                    failures.add(r.id() + ": " + e.getMessage());
                }
                if (batch.size() == BankFile.IMPORT_BATCH) {
                    done += imported(to.importBatch(batch), failures);
                    batch.clear();
                }
            }
            done += imported(to.importBatch(batch), failures);
            if (!failures.isEmpty() && !dropMissing) {
                throw new ConflictException(failures.size() + " of " + live.size() + " entries could not be "
                        + "re-embedded, so the bank is left as it was (nothing dropped): "
                        + String.join("; ", failures.subList(0, Math.min(10, failures.size())))
                        + (failures.size() > 10 ? "; ..." : "") + ". Fix or remove those entries, or rerun with "
                        + "--drop-missing to rebuild without them");
            }
            to.audit(by, "reindex", "from " + old.encoder() + " to " + encoder + ": " + done + " re-embedded, "
                    + dropped + " dropped, " + failures.size() + " failed");
        }
        Path backup = dir.resolveSibling(dir.getFileName() + ".before-reindex-"
                + Instant.now().toString().replace(':', '-'));
        try {
            // hash-only entries (provenance's hashes.jsonl) have no vectors: they move with the bank unchanged
            Path hashes = dir.resolve("hashes.jsonl");
            if (Files.isRegularFile(hashes)) {
                Files.copy(hashes, building.resolve("hashes.jsonl"), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(dir, backup);
            Files.move(building, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("rebuilt bank is complete at " + building + " but could not be swapped "
                    + "in for " + dir + " (old bank at " + backup + ")", e);
        }
        return new Summary(done, dropped, failures, backup);
    }

    private static int imported(List<Bank.Written> written, List<String> failures) {
        int ok = 0;
        for (Bank.Written w : written) {
            if (w.error() != null) {
                failures.add(w.error());
            } else {
                ok++;
            }
        }
        return ok;
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + dir, e);
        }
    }
}
