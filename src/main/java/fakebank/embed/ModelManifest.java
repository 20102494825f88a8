package fakebank.embed;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import fakebank.image.Filter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.util.HexFormat;

/**
 * A model folder's {@code model.json}: what the TorchScript file is, where it came from, and how to feed it.
 * {@link #load(Path)} checks every field and the file's sha256 and says exactly what is wrong.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelManifest(
        String name,
        String version,
        String architecture,
        int dim,
        String file,
        String sha256,
        PreprocessSpec preprocess,
        String licence,
        String source,
        @JsonProperty("converted_by") String convertedBy,
        String notes) {

    public static final String FILE_NAME = "model.json";

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new SimpleModule()
            .addDeserializer(PreprocessSpec.Resize.class, new EnumReader<>(PreprocessSpec.Resize::parse))
            .addDeserializer(Filter.class, new EnumReader<>(Filter::parse)));

    public ModelManifest {
        require(name, "name");
        require(version, "version");
        require(file, "file");
        require(sha256, "sha256");
        if (dim <= 0) {
            throw new IllegalArgumentException("model.json: dim must be a positive embedding dimension");
        }
        if (preprocess == null) {
            throw new IllegalArgumentException("model.json: preprocess is missing");
        }
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("model.json: field '" + field + "' is missing or empty");
        }
    }

    /** "name@version": the encoder identity stored with every bank entry. */
    public String identity() {
        return name + "@" + version;
    }

    /** Reads and validates {@code dir/model.json}, then verifies the TorchScript file's checksum. */
    public static ModelManifest load(Path dir) {
        Path json = dir.resolve(FILE_NAME);
        ModelManifest manifest;
        try {
            manifest = JSON.readValue(json.toFile(), ModelManifest.class);
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new ModelLoadException("no " + FILE_NAME + " in model folder " + dir.toAbsolutePath());
        } catch (IOException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            throw new ModelLoadException("cannot read " + json + ": " + cause.getMessage());
        }
        Path weights = dir.resolve(manifest.file());
        if (!Files.isRegularFile(weights)) {
            throw new ModelLoadException("model file " + weights + " named in " + json + " does not exist");
        }
        String actual = sha256(weights);
        if (!actual.equalsIgnoreCase(manifest.sha256())) {
            throw new ModelLoadException("checksum mismatch for " + weights + ": model.json says " + manifest.sha256()
                    + " but the file is " + actual + " (corrupt or replaced file; re-export the model)");
        }
        return manifest;
    }

    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), fakebank.hash.Sha256.newDigest())) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Reads enum values written in lower-case with dashes ("shortest-side"). */
    private static final class EnumReader<E> extends JsonDeserializer<E> {
        private final java.util.function.Function<String, E> parse;

        EnumReader(java.util.function.Function<String, E> parse) {
            this.parse = parse;
        }

        @Override
        public E deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            String text = p.getValueAsString();
            try {
                return parse.apply(text);
            } catch (IllegalArgumentException e) {
                throw ctx.weirdStringException(text, ctx.getContextualType().getRawClass(), "unknown value");
            }
        }
    }
}
