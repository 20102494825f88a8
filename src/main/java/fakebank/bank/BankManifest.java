package fakebank.bank;

import com.fasterxml.jackson.databind.JsonNode;
import fakebank.error.ConflictException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/** {@code bank.json}: the encoder identity and dimension a bank was built with, checked on every open. */
record BankManifest(String encoder, int dim, Instant createdAt) {
    static final String FILE = "bank.json";

    /** Reads the manifest of {@code dir}, or writes one for a new bank; a different encoder or dim is a conflict. */
    static BankManifest openOrCreate(Path dir, String encoder, int dim) {
        Path file = dir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                BankManifest found = read(file);
                if (!found.encoder.equals(encoder) || found.dim != dim) {
                    throw new ConflictException("the bank at " + dir + " was built with encoder " + found.encoder
                            + " (dim " + found.dim + ") but this run uses " + encoder + " (dim " + dim
                            + "); run `fakebank reindex --model ...` to rebuild it for the new encoder, or use "
                            + "another --index folder");
                }
                return found;
            }
            BankManifest created = new BankManifest(encoder, dim, Instant.now());
            created.write(file);
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
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
        return new BankManifest(n.path("encoder").asText(), n.path("dim").asInt(),
                Instant.parse(n.path("created_at").asText(Instant.EPOCH.toString())));
    }

    private void write(Path file) throws IOException {
        var n = RecordJson.MAPPER.createObjectNode();
        n.put("encoder", encoder).put("dim", dim).put("created_at", createdAt.toString());
        Path tmp = file.resolveSibling(FILE + ".tmp");
        Files.writeString(tmp, RecordJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n");
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
