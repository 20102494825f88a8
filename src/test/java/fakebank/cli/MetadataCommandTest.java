package fakebank.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fakebank.metadata.c2pa.C2paFixture;
import fakebank.testing.TestImages;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fakebank metadata}: one JSON line per file, no model or bank needed; unreadable files exit 3. */
class MetadataCommandTest {
    @TempDir
    Path tmp;

    @Test
    void prints_one_json_line_per_file_with_the_evidence() throws Exception {
        Path generated = tmp.resolve("a1111.png");
        Files.write(generated, withText(TestImages.realPng(), "parameters",
                "a cat\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1, Model: sd_xl_base_1.0"));
        Path plain = tmp.resolve("plain.jpg");
        Files.write(plain, TestImages.realJpeg());
        CliRunner.Run run = CliRunner.run("metadata", generated.toString(), plain.toString());
        assertEquals(0, run.exit(), run.err());
        String[] lines = run.out().strip().split("\n");
        assertEquals(2, lines.length, run.out());
        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(lines[0]);
        assertEquals(generated.toString(), first.path("file").asText());
        assertTrue(first.path("metadata").path("proves_generation").asBoolean(), lines[0]);
        assertEquals("sd_xl_base_1.0", first.path("metadata").path("generated").path("model").asText());
        JsonNode second = json.readTree(lines[1]);
        assertFalse(second.path("metadata").path("proves_generation").asBoolean(), lines[1]);
        assertEquals("no provenance metadata", second.path("metadata").path("reason").asText());
    }

    @Test
    void missing_file_is_reported_and_exits_3() throws Exception {
        CliRunner.Run run = CliRunner.run("metadata", tmp.resolve("nope.jpg").toString());
        assertEquals(3, run.exit());
        assertTrue(new ObjectMapper().readTree(run.out()).path("error").asText().startsWith("cannot read"), run.out());
    }

    private static byte[] withText(byte[] png, String key, String value) {
        byte[] chunk = C2paFixture.pngChunk("tEXt", (key + "\0" + value).getBytes(StandardCharsets.ISO_8859_1));
        int at = 33; // after the signature and IHDR
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, at);
        out.writeBytes(chunk);
        out.write(png, at, png.length - at);
        return out.toByteArray();
    }
}
