package fakebank.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import fakebank.eval.CopyTransforms;
import fakebank.image.ImageTransforms;
import fakebank.image.RgbImage;
import fakebank.service.Fakebank;
import fakebank.service.FakebankConfig;
import fakebank.testing.TestImages;
import java.awt.image.BufferedImage;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Copies of known images over HTTP: a captioned copy of an added fake, and a shared hash list. */
@ExtendWith(TestBank.Extension.class)
class ProvenanceApiTest {
    private static TestBank bank;

    @BeforeAll
    static void setUp(TestBank b) {
        bank = b;
    }

    private static RgbImage rgb(BufferedImage b) {
        int[] px = b.getRGB(0, 0, b.getWidth(), b.getHeight(), null, 0, b.getWidth());
        for (int i = 0; i < px.length; i++) {
            px[i] &= 0xffffff;
        }
        return new RgbImage(b.getWidth(), b.getHeight(), px, "png");
    }

    private static String addFake(RgbImage scene) {
        Http.Response r = bank.http.post("/v1/images", new Http.Multipart()
                .image(ImageTransforms.encodeJpeg(scene, 0.92f)).field("label", "fake")
                .field("generator", "midjourney-v6"), Http.bearer(TestBank.KEY));
        assertEquals(201, r.status(), r::text);
        return r.json().path("id").asText();
    }

    @Test
    void aCaptionedCopyOfAnAddedFakeIsFakeWithCopyEvidence() {
        RgbImage scene = rgb(TestImages.scene(TestImages.nextSeed(), 480, 360));
        String id = addFake(scene);
        RgbImage copy = CopyTransforms.ALL.stream().filter(t -> t.name().equals("caption_bar")).findFirst()
                .orElseThrow().apply().apply(scene, 1L);

        Http.Response r = bank.http.post("/v1/classify", "image/jpeg", ImageTransforms.encodeJpeg(copy, 0.8f));
        assertEquals(200, r.status(), r::text);
        JsonNode j = r.json();
        assertEquals("fake", j.path("verdict").asText(), j::toString);
        assertEquals(id, j.path("known_match").asText(), j::toString);
        assertTrue(j.path("match_type").asText().equals("copy") || j.path("match_type").asText().equals("pdq"),
                j::toString);
        JsonNode known = j.path("known");
        assertEquals("midjourney-v6", known.path("generator").asText());
        assertEquals("/v1/images/" + id + "/thumbnail", known.path("thumbnail_url").asText());
        if (j.path("match_type").asText().equals("copy")) {
            JsonNode c = known.path("copy");
            assertTrue(c.path("inliers").asInt() >= 12, c::toString);
            assertEquals(4, c.path("region").size(), c::toString);
            assertEquals(4, c.path("query_region").size(), c::toString);
            assertTrue(c.path("transform").has("mirrored"), c::toString);
        }

        // a mirrored crop cannot match by PDQ, nor as a near duplicate (a whole mirror image can reach the 0.97
        // cosine: the encoder is nearly mirror-invariant): only geometric verification finds it
        RgbImage mirror = CopyTransforms.crop(CopyTransforms.mirror(scene), 0.85, 0.5, 0.5);
        JsonNode m = bank.http.post("/v1/classify", "image/jpeg", ImageTransforms.encodeJpeg(mirror, 0.9f)).json();
        assertEquals("copy", m.path("match_type").asText(), m::toString);
        assertEquals("fake", m.path("verdict").asText(), m::toString);
        assertTrue(m.path("known").path("copy").path("transform").path("mirrored").asBoolean(), m::toString);
        assertEquals(4, m.path("known").path("copy").path("region").size());
    }

    @Test
    void anExportedHashListImportedIntoAnEmptyBankMatchesCopiesAgain() throws Exception {
        RgbImage scene = rgb(TestImages.scene(TestImages.nextSeed(), 400, 400));
        String id = addFake(scene);
        Http.Response csv = bank.http.get("/v1/hashes");
        assertEquals(200, csv.status(), csv::text);
        assertTrue(csv.contentType().startsWith("text/csv"), csv.contentType());
        assertTrue(csv.text().startsWith("pdq,quality,label,"), csv.text());
        assertTrue(csv.text().contains(id), "every live entry is exported");

        Path dir = Files.createTempDirectory("fakebank-hashes-test");
        Path project = Path.of(System.getProperty("fakebank.projectDir", ".")).toAbsolutePath();
        FakebankConfig config = FakebankConfig.defaults(project).withIndexDir(dir.resolve("index"))
                .withModelDir(TestBank.modelDir(project)).withSeedFile(null).withPredictors(1);
        try (Fakebank empty = Fakebank.open(config)) {
            Fakebank.HashImport imported = empty.importHashes(new StringReader(csv.text()), "test");
            assertEquals(0, imported.failed(), imported.errors()::toString);
            assertTrue(imported.added() > 0);
            assertEquals(0, empty.stats().live(), "hash-only entries are not image entries");
            assertEquals(imported.added(), empty.hashStats().live());

            byte[] reshared = ImageTransforms.encodeJpeg(ImageTransforms.downscale(scene, 0.5), 0.6f);
            var verdict = empty.classify(reshared).verdict();
            assertEquals("pdq", verdict.matchType().json(), verdict::toString);
            assertTrue(verdict.known().hashOnly());
            assertTrue(empty.hashEntry(verdict.knownMatch()).orElseThrow().note().contains(id),
                    "the hash-only entry remembers the exporting bank's id");
            assertEquals("fake", verdict.verdict().json());
            assertTrue(empty.searchAll(reshared, 5, null).hashMatches().stream()
                    .anyMatch(h -> h.entry().id().equals(verdict.knownMatch())), "search shows hash-only matches");
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void hashOnlyEntriesShowInTheApiAndCanBeRemoved() {
        String row = "pdq,label,generator,source\n" + "ab".repeat(32) + ",fake,gen-y,https://example.org/list\n";
        Http.Response r = bank.http.post("/v1/hashes", "text/csv", row.getBytes(), Http.bearer(TestBank.KEY));
        assertTrue(r.status() == 201 || r.status() == 200, r::text);
        assertEquals(0, r.json().path("failed").asInt());
        bank.http.post("/v1/hashes", "text/csv", row.getBytes()).assertProblem(401);

        JsonNode stats = bank.http.get("/v1/stats").json();
        assertTrue(stats.path("hash_only").path("live").asInt() >= 1, stats::toString);
        String id = bank.fakebank.hashes().all().stream().filter(h -> h.pdq().hex().equals("ab".repeat(32)))
                .findFirst().orElseThrow().id();
        JsonNode entry = bank.http.get("/v1/images/" + id).json();
        assertTrue(entry.path("hash_only").asBoolean(), entry::toString);
        assertEquals("ab".repeat(32), entry.path("pdq").asText());
        assertEquals(204, bank.http.delete("/v1/images/" + id + "?reason=test", Http.bearer(TestBank.KEY)).status());
        bank.http.get("/v1/images/" + id).assertProblem(404);
    }
}
