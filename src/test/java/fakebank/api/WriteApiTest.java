package fakebank.api;

import fakebank.testing.TestImages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Adding, reading, deleting, feedback and retraining, and the keys they need. */
@ExtendWith(TestBank.Extension.class)
class WriteApiTest {
    private static final String[] KEY = Http.bearer(TestBank.KEY);
    private static TestBank bank;
    private static Http http;

    @BeforeAll
    static void setUp(TestBank b) {
        bank = b;
        http = b.http;
    }

    private static Http.Multipart addForm(byte[] image, String label) {
        return new Http.Multipart().image(image).field("label", label).field("generator", "midjourney-v6")
                .field("source", "unit-test").field("note", "made by WriteApiTest");
    }

    @Test
    void add_without_a_key_is_401_with_www_authenticate() {
        Http.Response r = http.post("/v1/images", addForm(TestImages.fakePng(), "fake"));
        r.assertProblem(401);
        assertTrue(r.header("WWW-Authenticate").startsWith("Bearer"), r.header("WWW-Authenticate"));
    }

    @Test
    void add_with_a_wrong_key_is_403() {
        http.post("/v1/images", addForm(TestImages.fakePng(), "fake"), Http.bearer("not-the-right-key")).assertProblem(403);
    }

    @Test
    void add_with_a_malformed_authorization_header_is_401() {
        http.post("/v1/images", addForm(TestImages.fakePng(), "fake"), "Authorization", "Basic dXNlcjpwYXNz")
                .assertProblem(401);
    }

    @Test
    void add_with_a_key_is_201_with_id_location_and_the_entry_is_readable() {
        byte[] image = TestImages.fakePng();
        Http.Response r = http.post("/v1/images", addForm(image, "fake"), KEY);
        assertEquals(201, r.status(), r::text);
        String id = r.json().path("id").asText();
        assertFalse(id.isEmpty());
        assertEquals(64, r.json().path("sha256").asText().length());
        assertEquals("/v1/images/" + id, r.header("Location"));

        JsonNode entry = http.get("/v1/images/" + id).json();
        assertEquals("fake", entry.path("label").asText());
        assertEquals("midjourney-v6", entry.path("generator").asText());
        assertEquals("diffusion", entry.path("family").asText(), "family guessed from the generator");
        assertEquals("unit-test", entry.path("source").asText());
        assertEquals(ApiKeys.keyId(TestBank.KEY), entry.path("added_by").asText(), "audit names the key id");
        assertFalse(entry.path("deleted").asBoolean());
    }

    @Test
    void adding_the_same_bytes_again_is_200_duplicate_with_the_same_id() {
        byte[] image = TestImages.realPng();
        String id = http.post("/v1/images", addForm(image, "real"), KEY).json().path("id").asText();
        Http.Response again = http.post("/v1/images", addForm(image, "real"), KEY);
        assertEquals(200, again.status(), again::text);
        assertEquals(id, again.json().path("id").asText());
        assertTrue(again.json().path("duplicate").asBoolean());
    }

    @Test
    void add_without_a_label_is_400() {
        http.post("/v1/images", new Http.Multipart().image(TestImages.realPng()), KEY).assertProblem(400);
    }

    @Test
    void add_with_an_unknown_label_or_family_is_400() {
        http.post("/v1/images", addForm(TestImages.realPng(), "probably"), KEY).assertProblem(400);
        http.post("/v1/images", addForm(TestImages.realPng(), "fake").field("family", "robot"), KEY).assertProblem(400);
    }

    @Test
    void add_of_a_broken_image_is_422_and_nothing_is_stored() {
        long before = bank.fakebank.stats().live();
        http.post("/v1/images", addForm("garbage".getBytes(), "fake"), KEY).assertProblem(422);
        assertEquals(before, bank.fakebank.stats().live());
    }

    @Test
    void thumbnail_is_a_jpeg() throws Exception {
        String id = http.post("/v1/images", addForm(TestImages.realPng(), "real"), KEY).json().path("id").asText();
        Http.Response r = http.get("/v1/images/" + id + "/thumbnail");
        assertEquals(200, r.status());
        assertEquals("image/jpeg", r.contentType());
        assertNotNull(ImageIO.read(new java.io.ByteArrayInputStream(r.raw().body())));
    }

    @Test
    void delete_without_a_reason_is_400() {
        String id = http.post("/v1/images", addForm(TestImages.realPng(), "real"), KEY).json().path("id").asText();
        http.delete("/v1/images/" + id, KEY).assertProblem(400);
    }

    @Test
    void delete_without_a_key_is_401() {
        String id = http.post("/v1/images", addForm(TestImages.realPng(), "real"), KEY).json().path("id").asText();
        http.delete("/v1/images/" + id + "?reason=spam").assertProblem(401);
    }

    @Test
    void delete_of_an_unknown_id_is_404() {
        http.delete("/v1/images/nope?reason=test", KEY).assertProblem(404);
    }

    @Test
    void delete_then_get_shows_deleted_and_search_no_longer_returns_it() {
        byte[] image = TestImages.fakePng();
        String id = http.post("/v1/images", addForm(image, "fake"), KEY).json().path("id").asText();
        assertTrue(searchIds(image).contains(id), "found before the delete");

        Http.Response r = http.delete("/v1/images/" + id + "?reason=mislabelled", KEY);
        assertEquals(204, r.status(), r::text);

        JsonNode entry = http.get("/v1/images/" + id).json();
        assertTrue(entry.path("deleted").asBoolean(), entry::toString);
        assertEquals("mislabelled", entry.path("delete_reason").asText());
        assertFalse(searchIds(image).contains(id), "gone from search");
    }

    private static List<String> searchIds(byte[] image) {
        Http.Response r = http.post("/v1/search?k=100", new Http.Multipart().image(image));
        assertEquals(200, r.status(), r::text);
        return r.json().path("matches").findValuesAsText("id");
    }

    @Test
    void feedback_stores_the_image_with_source_feedback_and_the_key_id() {
        Http.Response r = http.post("/v1/feedback", new Http.Multipart().image(TestImages.realPng())
                .field("label", "real").field("note", "reviewer says real"), Http.bearer(TestBank.OTHER_KEY));
        assertEquals(201, r.status(), r::text);
        JsonNode entry = http.get("/v1/images/" + r.json().path("id").asText()).json();
        assertEquals("feedback", entry.path("source").asText());
        assertEquals("real", entry.path("label").asText());
        assertEquals("reviewer says real", entry.path("note").asText());
        assertEquals(ApiKeys.keyId(TestBank.OTHER_KEY), entry.path("added_by").asText());
    }

    @Test
    void feedback_without_a_key_is_401() {
        http.post("/v1/feedback", new Http.Multipart().image(TestImages.realPng()).field("label", "real"))
                .assertProblem(401);
    }

    @Test
    void retrain_is_queued_with_202_and_followed_to_done_through_get_and_stats() throws InterruptedException {
        Http.Response r = http.post("/v1/retrain", "application/json", "{\"augment\": false}".getBytes(), KEY);
        assertEquals(202, r.status(), r::text);
        assertEquals("/v1/retrain", r.header("Location"));
        JsonNode accepted = r.json();
        assertTrue(List.of("queued", "running", "done").contains(accepted.path("retrain").path("state").asText()),
                accepted::toString);
        assertFalse(accepted.path("retrain").path("requested_at").asText().isEmpty(), accepted::toString);

        JsonNode status = awaitRetrain(accepted.path("retrain").path("requested_at").asText());
        assertEquals("done", status.path("retrain").path("state").asText(), status::toString);
        JsonNode model = status.path("model");
        assertFalse(model.path("status").asText().isEmpty(), model::toString);
        assertEquals(status.path("retrain").path("bank_version").asLong(), model.path("bank_version").asLong());
        assertTrue(model.path("threshold").isNumber());
        assertEquals(2, model.path("unsure_band").size());
        assertTrue(model.path("metrics").path("n").asInt() > 0);
        JsonNode stats = http.get("/v1/stats").json();
        assertEquals("done", stats.path("retrain").path("state").asText(), stats::toString);
    }

    /**
     * The request thread never trains: with the service's retrain blocked (its monitor held here), the POST still
     * answers 202 at once, and the state stays queued or running until the training can go on.
     */
    @Test
    void retrain_answers_before_the_training_runs() throws InterruptedException {
        String requestedAt;
        synchronized (bank.fakebank) {
            long t0 = System.nanoTime();
            Http.Response r = http.post("/v1/retrain", null, new byte[0], KEY);
            assertEquals(202, r.status(), r::text);
            assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "POST /v1/retrain waited for the training");
            requestedAt = r.json().path("retrain").path("requested_at").asText();
            Thread.sleep(300);
            JsonNode during = http.get("/v1/retrain").json();
            assertTrue(List.of("queued", "running").contains(during.path("retrain").path("state").asText()),
                    during::toString);
        }
        assertEquals("done", awaitRetrain(requestedAt).path("retrain").path("state").asText());
    }

    /** Polls GET /v1/retrain until the request made at {@code requestedAt} (or a later one) has ended. */
    private static JsonNode awaitRetrain(String requestedAt) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonNode j = http.get("/v1/retrain").json();
            String state = j.path("retrain").path("state").asText();
            boolean ours = !java.time.Instant.parse(j.path("retrain").path("requested_at").asText())
                    .isBefore(java.time.Instant.parse(requestedAt));
            if (ours && (state.equals("done") || state.equals("failed"))) {
                return j;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the retrain requested at " + requestedAt + " did not end within 2 minutes");
    }

    @Test
    void retrain_without_a_key_is_401() {
        http.post("/v1/retrain", null, new byte[0]).assertProblem(401);
    }

    @Test
    void retrain_with_malformed_json_is_400() {
        http.post("/v1/retrain", "application/json", "{augment: tru".getBytes(), KEY).assertProblem(400);
    }

    @Test
    void a_server_without_keys_refuses_writes_with_403() {
        try (ApiServer open = bank.start(TestBank.settings().withWriteKeys(List.of()))) {
            Http h = new Http(open.port());
            h.post("/v1/images", addForm(TestImages.realPng(), "real"), KEY).assertProblem(403);
            assertEquals(200, h.post("/v1/classify", new Http.Multipart().image(TestImages.realPng())).status());
        }
    }

    @Test
    void with_key_reads_a_read_needs_a_key_too() {
        try (ApiServer locked = bank.start(TestBank.settings().withKeyReads(true))) {
            Http h = new Http(locked.port());
            h.post("/v1/classify", new Http.Multipart().image(TestImages.realPng())).assertProblem(401);
            h.get("/v1/stats", Http.bearer("wrong-key-123")).assertProblem(403);
            assertEquals(200, h.get("/v1/stats", KEY).status());
            assertEquals(200, h.get("/health").status(), "health stays open");
        }
    }
}
