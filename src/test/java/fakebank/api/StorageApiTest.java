package fakebank.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import fakebank.service.Fakebank;
import fakebank.service.FakebankConfig;
import fakebank.testing.SmallDisk;
import fakebank.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API over a bank whose disk runs full, and takedowns: real server, real model, real tmpfs. */
class StorageApiTest {
    private static final String[] AUTH = {"Authorization", "Bearer " + TestBank.KEY};

    @TempDir
    Path tmp;

    @Test
    void a_full_disk_answers_507_health_says_degraded_and_after_space_is_freed_the_retry_adds_once() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(tmp, 48)) {
            Set<String> acknowledged = new HashSet<>();
            try (Fakebank fakebank = open(disk.root().resolve("index"));
                    ApiServer server = ApiServer.start(fakebank, TestBank.settings())) {
                Http http = new Http(server.port());
                for (int i = 0; i < 3; i++) {
                    Http.Response r = http.post("/v1/images", form(TestImages.png(TestImages.noise(i, 96))), AUTH);
                    assertEquals(201, r.status(), r::text);
                    acknowledged.add(r.json().path("id").asText());
                }
                Path filler = disk.fill("filler");
                byte[] image = TestImages.png(TestImages.noise(99, 96));

                JsonNode p = http.post("/v1/images", form(image), AUTH).assertProblem(507);
                assertEquals("urn:fakebank:problem:storage", p.path("type").asText());
                JsonNode health = http.get("/health").json();
                assertEquals("degraded", health.path("status").asText(), health::toString);
                assertTrue(health.path("problem").asText().contains("No space left"), health::toString);
                assertEquals(200, http.post("/v1/classify", new Http.Multipart().image(image)).status(),
                        "reads still work");

                Files.delete(filler);
                Http.Response retried = http.post("/v1/images", form(image), AUTH);
                assertTrue(retried.status() == 201 || retried.status() == 200, retried::text);
                acknowledged.add(retried.json().path("id").asText());
                assertEquals("ok", http.get("/health").json().path("status").asText());
                assertEquals(200, http.post("/v1/images", form(image), AUTH).status(), "present exactly once");
                assertEquals(acknowledged.size(), http.get("/v1/stats").json().path("live").asLong());
            }
            try (Fakebank reopened = open(disk.root().resolve("index"))) {
                Set<String> live = new HashSet<>();
                reopened.liveVectors().forEach(v -> live.add(v.id()));
                assertEquals(acknowledged, live, "nothing acknowledged was lost, nothing else appeared");
            }
        }
    }

    @Test
    void delete_purges_the_thumbnail_and_every_file_named_by_the_sha256() throws Exception {
        Path index = tmp.resolve("index");
        try (Fakebank fakebank = open(index); ApiServer server = ApiServer.start(fakebank, TestBank.settings())) {
            Http http = new Http(server.port());
            JsonNode added = http.post("/v1/images", form(TestImages.png(TestImages.noise(7, 96))), AUTH).json();
            String id = added.path("id").asText();
            String sha = added.path("sha256").asText();
            assertEquals(200, http.get("/v1/images/" + id + "/thumbnail").status());
            assertTrue(named(index, sha).contains(index.resolve("originals").resolve(sha.substring(0, 2)).resolve(sha)),
                    "precondition: the original (and the provenance signature) are stored under the sha256");

            assertEquals(204, http.delete("/v1/images/" + id + "?reason=privacy", AUTH).status());

            http.get("/v1/images/" + id + "/thumbnail").assertProblem(404);
            assertTrue(http.get("/v1/images/" + id).json().path("deleted").asBoolean());
            assertEquals(List.of(), named(index, sha));
        }
    }

    private static Fakebank open(Path index) {
        Path project = Path.of(System.getProperty("fakebank.projectDir", ".")).toAbsolutePath();
        return Fakebank.open(FakebankConfig.defaults(project).withIndexDir(index)
                .withModelDir(TestBank.modelDir(project)).withSeedFile(null).withPredictors(1));
    }

    private static Http.Multipart form(byte[] image) {
        return new Http.Multipart().image(image).field("label", "fake").field("generator", "test-gen");
    }

    private static List<Path> named(Path dir, String sha) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(sha)).toList();
        }
    }
}
