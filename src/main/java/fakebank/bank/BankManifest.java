package fakebank.bank;

import com.fasterxml.jackson.databind.JsonNode;
import fakebank.error.ConflictException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/**
 * {@code bank.json}: the encoder identity and dimension a bank was built with, checked on every open, and the
 * settings chosen when it was created (originals kept, int8 HNSW), which later opens keep whatever flags they pass.
 */
record BankManifest(String encoder, int dim, Instant createdAt, boolean keepOriginals, boolean quantized) {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BankManifest.class);

    static final String FILE = "bank.json";

    /** Reads the manifest of {@code dir}, or writes one for a new bank; a different encoder or dim is a conflict. */
    static BankManifest openOrCreate(Path dir, String encoder, int dim, BankOptions options) {
        Path file = dir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                BankManifest found = read(file);
                found.check(encoder, dim, dir);
                return found;
            }
            BankManifest created = new BankManifest(encoder, dim, Instant.now(), options.keepOriginals(),
                    options.quantized());
            created.write(file);
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    /** Throws {@link ConflictException} when this bank was built with another encoder or dimension. */
    void check(String encoder, int dim, Path dir) {
        if (!this.encoder.equals(encoder) || this.dim != dim) {
            throw new ConflictException("the bank at " + dir + " was built with encoder " + this.encoder
                    + " (dim " + this.dim + ") but this run uses " + encoder + " (dim " + dim
                    + "); run `fakebank reindex --model ...` to rebuild it for the new encoder, or use "
                    + "another --index folder");
        }
    }

    /** {@code requested} with this bank's saved settings; a flag that asks for something else is named in a warning. */
    BankOptions settle(BankOptions requested, Path dir) {
        if (requested.keepOriginals() != keepOriginals || requested.quantized() != quantized) {
            LOG.warn("bank {} was created with keep_originals={} quantized={} (bank.json); using those, not the "
                    + "flags of this run (keep_originals={} quantized={}); make a new bank with `export` and "
                    + "`import` to change them", dir, keepOriginals, quantized, requested.keepOriginals(),
                    requested.quantized());
        }
        return new BankOptions(keepOriginals, requested.nearDuplicateThreshold(), requested.searchWidth(),
                requested.hnswM(), requested.hnswBeamWidth(), quantized, requested.store());
    }

    /** The manifest of {@code dir}, if the folder holds a bank. */
    static java.util.Optional<BankManifest> readIfExists(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(read(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static BankManifest read(Path file) throws IOException {
        JsonNode n = RecordJson.MAPPER.readTree(file.toFile());
        // banks made before these settings were saved kept originals and used float32 HNSW by default
        return new BankManifest(n.path("encoder").asText(), n.path("dim").asInt(),
                Instant.parse(n.path("created_at").asText(Instant.EPOCH.toString())),
                n.path("keep_originals").asBoolean(true), n.path("quantized").asBoolean(false));
    }

    private void write(Path file) throws IOException {
        var n = RecordJson.MAPPER.createObjectNode();
        n.put("encoder", encoder).put("dim", dim).put("created_at", createdAt.toString())
                .put("keep_originals", keepOriginals).put("quantized", quantized);
        Path tmp = file.resolveSibling(FILE + ".tmp");
        Files.writeString(tmp, RecordJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n");
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
