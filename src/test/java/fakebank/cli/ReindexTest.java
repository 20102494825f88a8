package fakebank.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fakebank.testing.TestImages;
import fakebank.testing.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Changing the encoder: the bank is re-embedded from its originals, ids kept, the old bank kept beside it. */
class ReindexTest {
    @TempDir
    Path tmp;

    @Test
    void reindex_moves_the_bank_to_another_encoder_keeping_ids() throws Exception {
        Path images = tmp.resolve("images");
        Files.createDirectories(images.resolve("real"));
        Files.createDirectories(images.resolve("fake/g"));
        for (int i = 0; i < 3; i++) {
            Files.write(images.resolve("real/r" + i + ".png"), TestImages.png(TestImages.gradient(10 + i, 80)));
            Files.write(images.resolve("fake/g/f" + i + ".png"), TestImages.png(TestImages.noise(20 + i, 80)));
        }
        Path index = tmp.resolve("index");
        String defaultModel = TestPaths.defaultModel().toString();
        CliRunner.Run add = CliRunner.run("add", images.toString(), "--index", index.toString(), "--seed", "none",
                "--model", defaultModel, "--no-train");
        assertTrue(add.out().contains("added=6"), add.out() + add.err());
        ObjectMapper json = new ObjectMapper();
        Path probe = images.resolve("real/r1.png");
        String id = json.readTree(CliRunner.run("search", probe.toString(), "-k", "1", "--index", index.toString(),
                "--model", defaultModel).out()).get("matches").get(0).get("id").asText();

        // Another encoder against the old bank is refused with a pointer to reindex.
        String tiny = TestPaths.tinyClip().resolve("model").toString();
        CliRunner.Run refused = CliRunner.run("stats", "--index", index.toString(), "--model", tiny);
        assertEquals(7, refused.exit(), refused.err());
        assertTrue(refused.err().contains("reindex"), refused.err());

        CliRunner.Run reindex = CliRunner.run("reindex", "--index", index.toString(), "--model", tiny);
        assertEquals(0, reindex.exit(), reindex.out() + reindex.err());
        assertTrue(reindex.out().contains("reembedded=6 dropped=0 failed=0"), reindex.out());

        JsonNode stats = json.readTree(CliRunner.run("stats", "--index", index.toString(), "--model", tiny).out());
        assertEquals("tiny-clip-random@1", stats.get("encoder").asText());
        assertEquals(6, stats.get("live").asInt());
        JsonNode first = json.readTree(CliRunner.run("search", probe.toString(), "-k", "1", "--index",
                index.toString(), "--model", tiny).out()).get("matches").get(0);
        assertEquals(id, first.get("id").asText(), "the same entry, found with the new encoder");
        assertTrue(first.get("similarity").asDouble() >= 0.99, first.toString());
        try (var siblings = Files.list(tmp)) {
            assertTrue(siblings.anyMatch(p -> p.getFileName().toString().startsWith("index.before-reindex-")),
                    "the old bank is kept");
        }
    }

    @Test
    void entries_that_cannot_be_re_embedded_are_named_and_kept_unless_dropping_is_asked_for() throws Exception {
        Path images = tmp.resolve("images");
        Files.createDirectories(images.resolve("real"));
        Files.createDirectories(images.resolve("fake/g"));
        for (int i = 0; i < 2; i++) {
            Files.write(images.resolve("real/r" + i + ".png"), TestImages.png(TestImages.gradient(30 + i, 80)));
            Files.write(images.resolve("fake/g/f" + i + ".png"), TestImages.png(TestImages.noise(40 + i, 80)));
        }
        Path index = tmp.resolve("index");
        String defaultModel = TestPaths.defaultModel().toString();
        CliRunner.Run add = CliRunner.run("add", images.toString(), "--index", index.toString(), "--seed", "none",
                "--model", defaultModel, "--no-train");
        assertTrue(add.out().contains("added=4"), add.out() + add.err());
        Path broken;
        try (var files = Files.walk(index.resolve("originals"))) {
            broken = files.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
        Files.write(broken, new byte[] {1, 2, 3}); // the original no longer decodes

        String tiny = TestPaths.tinyClip().resolve("model").toString();
        CliRunner.Run refused = CliRunner.run("reindex", "--index", index.toString(), "--model", tiny);
        assertEquals(7, refused.exit(), refused.out() + refused.err());
        assertTrue(refused.err().contains("1 of 4 entries could not be re-embedded"), refused.err());
        JsonNode kept = new ObjectMapper().readTree(CliRunner.run("stats", "--index", index.toString(), "--model",
                defaultModel).out());
        assertEquals(4, kept.get("live").asInt(), "nothing dropped");
        assertTrue(kept.get("encoder").asText().startsWith("mobilenet"), kept.toString());

        CliRunner.Run dropped = CliRunner.run("reindex", "--index", index.toString(), "--model", tiny,
                "--drop-missing");
        assertTrue(dropped.out().contains("reembedded=3"), dropped.out() + dropped.err());
        assertTrue(dropped.err().contains("failed: "), dropped.err());
    }
}
