package fakebank.bank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fakebank.error.BadRequestException;
import fakebank.error.ConflictException;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * The portable bank file, for backups and sharing between sites: gzip JSON lines. The first line is a header
 * {"format":"fakebank-bank","format_version":1,"encoder","dim","count","exported_at"}; then one line per live entry
 * with id, sha256, label, generator, family, source, note, added_at, added_by, vector (base64 float32 LE) and, when
 * exported with thumbnails, thumbnail (base64).
 */
final class BankFile {
    static final String FORMAT = "fakebank-bank";
    static final int FORMAT_VERSION = 1;
    /** Entries per durable sync on import. */
    static final int IMPORT_BATCH = 500;
    private static final int MAX_ERRORS = 100;

    private BankFile() {
    }

    static void export(Bank bank, Path file, boolean includeThumbnails) {
        Path target = file.toAbsolutePath();
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        long[] written = {0};
        try {
            if (target.getParent() != null) {
                Files.createDirectories(target.getParent());
            }
            try (Writer out = new BufferedWriter(new OutputStreamWriter(
                    new GZIPOutputStream(Files.newOutputStream(tmp), 1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
                bank.scanLive(includeThumbnails, count -> writeLine(out, header(bank, count)), r -> {
                    ObjectNode n = RecordJson.toJson(r, includeThumbnails);
                    bank.signature(r.sha256())
                            .ifPresent(s -> n.put("signature", Base64.getEncoder().encodeToString(s)));
                    writeLine(out, n);
                    written[0]++;
                });
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot export the bank to " + file, e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing useful to do about a stray temp file
            }
        }
        bank.audit("system", "export", null, "file=" + target + " entries=" + written[0]
                + " thumbnails=" + includeThumbnails);
    }

    private static ObjectNode header(Bank bank, long count) {
        return RecordJson.MAPPER.createObjectNode()
                .put("format", FORMAT)
                .put("format_version", FORMAT_VERSION)
                .put("encoder", bank.encoder())
                .put("dim", bank.dim())
                .put("count", count)
                .put("exported_at", Instant.now().toString());
    }

    private static void writeLine(Writer out, JsonNode n) {
        try {
            out.write(RecordJson.write(n));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ImportSummary importInto(Bank bank, Path file, String by) {
        Tally tally = new Tally();
        int lineNo = 1;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file), 1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
            long expected = checkHeader(bank, in.readLine(), file);
            List<EntryRecord> batch = new ArrayList<>(IMPORT_BATCH);
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode n = RecordJson.parse(line);
                    EntryRecord r = RecordJson.fromJson(n, bank.encoder(), false);
                    String signature = RecordJson.text(n, "signature");
                    if (signature != null) {
                        bank.keepSignature(r.sha256(), RecordJson.decodeBase64(signature, "signature"));
                    }
                    batch.add(r);
                } catch (BadRequestException e) {
                    tally.fail("line " + lineNo + ": " + e.getMessage());
                }
                if (batch.size() == IMPORT_BATCH) {
                    tally.count(bank.importBatch(batch));
                    batch.clear();
                }
            }
            tally.count(bank.importBatch(batch));
            long seen = tally.added + tally.duplicates + tally.failed;
            if (seen != expected) {
                tally.note("the header says " + expected + " entries but the file has " + seen);
            }
        } catch (EOFException | ZipException e) {
            tally.note("the file is truncated or corrupt after line " + lineNo + " (" + e.getMessage()
                    + "); the entries before it were imported");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bank file " + file, e);
        }
        ImportSummary summary = new ImportSummary(tally.added, tally.duplicates, tally.failed, tally.errors);
        bank.audit(by, "import", null, "file=" + file.toAbsolutePath() + " added=" + summary.added()
                + " duplicates=" + summary.duplicates() + " failed=" + summary.failed());
        return summary;
    }

    /** Returns the entry count the header promises. */
    private static long checkHeader(Bank bank, String line, Path file) {
        if (line == null) {
            throw new BadRequestException(file + " is empty, not a bank file");
        }
        JsonNode h;
        try {
            h = RecordJson.parse(line);
        } catch (BadRequestException e) {
            throw new BadRequestException(file + " does not start with a bank file header", e);
        }
        if (!FORMAT.equals(RecordJson.text(h, "format"))) {
            throw new BadRequestException(file + " is not a fakebank bank file");
        }
        if (h.path("format_version").asInt() != FORMAT_VERSION) {
            throw new BadRequestException(file + " has bank file format version " + h.path("format_version")
                    + "; this fakebank reads version " + FORMAT_VERSION);
        }
        String encoder = RecordJson.text(h, "encoder");
        int dim = h.path("dim").asInt();
        if (!bank.encoder().equals(encoder) || bank.dim() != dim) {
            throw new ConflictException("the bank file " + file + " holds vectors of encoder " + encoder + " (dim "
                    + dim + ") but this bank uses " + bank.encoder() + " (dim " + bank.dim() + "); import it into "
                    + "a bank built with " + encoder + ", or re-embed its images");
        }
        return h.path("count").asLong();
    }

    private static final class Tally {
        int added;
        int duplicates;
        int failed;
        final List<String> errors = new ArrayList<>();

        void count(List<Bank.Written> written) {
            for (Bank.Written w : written) {
                if (w.error() != null) {
                    fail(w.error());
                } else if (w.result().duplicate()) {
                    duplicates++;
                } else {
                    added++;
                }
            }
        }

        void fail(String error) {
            failed++;
            note(error);
        }

        void note(String message) {
            if (errors.size() < MAX_ERRORS) {
                errors.add(message);
            }
        }
    }
}
