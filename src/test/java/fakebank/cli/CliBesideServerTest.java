package fakebank.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fakebank.api.ApiServer;
import fakebank.api.ApiSettings;
import fakebank.service.Fakebank;
import fakebank.service.FakebankConfig;
import fakebank.testing.SmallDisk;
import fakebank.testing.TestImages;
import fakebank.testing.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Read commands open the bank read-only beside a server; writes go through it with --server. */
class CliBesideServerTest {
    private static final String KEY = "cli-test-key-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void stats_get_search_and_export_work_while_serve_holds_the_bank_and_writes_go_through_server() throws Exception {
        Path index = tmp.resolve("index");
        Path images = tmp.resolve("images");
        Files.createDirectories(images.resolve("fake/gen"));
        for (int i = 0; i < 3; i++) {
            Files.write(images.resolve("fake/gen/f" + i + ".png"), TestImages.png(TestImages.noise(300 + i, 96)));
        }
        Path keyFile = tmp.resolve("key");
        Files.writeString(keyFile, KEY + "\n");
        try (Fakebank fakebank = Fakebank.open(config(index));
                ApiServer server = ApiServer.start(fakebank, ApiSettings.defaults().withPort(0)
                        .withWriteKeys(List.of(KEY)))) {
            String url = "http://127.0.0.1:" + server.port();
            CliRunner.Run add = CliRunner.run(bank(index, "add", images.toString(), "--server", url, "--key-file",
                    keyFile.toString()));
            assertEquals(0, add.exit(), add.out() + add.err());
            assertTrue(add.out().contains("added=3 duplicates=0 failed=0"), add.out());

            CliRunner.Run local = CliRunner.run(bank(index, "add", images.toString()));
            assertEquals(7, local.exit(), local.err());
            assertTrue(local.err().contains("--server"), "says what to do: " + local.err());

            Thread.sleep(2500); // the server commits every 2 s; read-only views see commits
            CliRunner.Run stats = CliRunner.run(bank(index, "stats"));
            assertEquals(0, stats.exit(), stats.err());
            assertEquals(3, JSON.readTree(stats.out()).get("live").asInt(), stats.out());

            CliRunner.Run search = CliRunner.run(bank(index, "search", images.resolve("fake/gen/f1.png").toString(),
                    "-k", "1"));
            assertEquals(0, search.exit(), search.err());
            JsonNode top = JSON.readTree(search.out()).get("matches").get(0);
            assertTrue(top.get("similarity").asDouble() > 0.99, top.toString());

            CliRunner.Run get = CliRunner.run(bank(index, "get", top.get("id").asText()));
            assertEquals(0, get.exit(), get.err());
            CliRunner.Run export = CliRunner.run(bank(index, "export", tmp.resolve("b.fbank.jsonl.gz").toString()));
            assertEquals(0, export.exit(), export.err());

            CliRunner.Run remove = CliRunner.run(bank(index, "remove", top.get("id").asText(), "--reason", "test",
                    "--server", url, "--key-file", keyFile.toString()));
            assertEquals(0, remove.exit(), remove.err());
            assertTrue(fakebank.get(top.get("id").asText()).deleted());
        }
    }

    @Test
    void read_commands_work_on_a_read_only_filesystem() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(tmp, 48)) {
            Path index = disk.root().resolve("index");
            Path image = tmp.getParent().resolve(tmp.getFileName() + "-probe.png");
            Files.write(image, TestImages.png(TestImages.noise(400, 96)));
            try {
                CliRunner.Run add = CliRunner.run(bank(index, "add", image.toString(), "--label", "fake",
                        "--no-train"));
                assertEquals(0, add.exit(), add.err());
                disk.remountReadOnly();

                CliRunner.Run stats = CliRunner.run(bank(index, "stats"));
                assertEquals(0, stats.exit(), stats.err());
                assertEquals(1, JSON.readTree(stats.out()).get("live").asInt());
                CliRunner.Run search = CliRunner.run(bank(index, "search", image.toString(), "-k", "1"));
                assertEquals(0, search.exit(), search.err());
                CliRunner.Run classify = CliRunner.run(bank(index, "classify", image.toString()));
                assertEquals(0, classify.exit(), classify.err());
            } finally {
                Files.deleteIfExists(image);
            }
        }
    }

    private static FakebankConfig config(Path index) {
        return FakebankConfig.defaults(TestPaths.projectDir()).withIndexDir(index)
                .withModelDir(TestPaths.defaultModel()).withSeedFile(null).withPredictors(1);
    }

    private static String[] bank(Path index, String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--index", index.toString(), "--model", TestPaths.defaultModel().toString(), "--seed",
                "none"));
        return all.toArray(String[]::new);
    }
}
