package fakebank.api;

import fakebank.testing.TestImages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Health, statistics, metrics, the map, the OpenAPI document and the page. */
@ExtendWith(TestBank.Extension.class)
class OpsApiTest {
    private static TestBank bank;
    private static Http http;

    @BeforeAll
    static void setUp(TestBank b) {
        bank = b;
        http = b.http;
    }

    @Test
    void health_reports_ok_bank_size_and_model() {
        Http.Response r = http.get("/health");
        assertEquals(200, r.status());
        JsonNode j = r.json();
        assertEquals("ok", j.path("status").asText());
        assertTrue(j.path("bank").asLong() >= 12, j::toString);
        assertFalse(j.path("model").path("name").asText().isEmpty());
    }

    @Test
    void stats_counts_live_entries_by_label() {
        JsonNode j = http.get("/v1/stats").json();
        assertTrue(j.path("live").asLong() >= 12, j::toString);
        assertTrue(j.path("by_label").path("real").asLong() >= 6);
        assertTrue(j.path("by_label").path("fake").asLong() >= 6);
        assertTrue(j.has("by_family") && j.has("by_generator") && j.has("deleted"));
        assertTrue(j.path("dim").asInt() > 0);
    }

    @Test
    void stats_say_plainly_what_the_detector_can_decide() {
        JsonNode d = http.get("/v1/stats").json().path("detector");
        assertFalse(d.path("capability").asText().isBlank(), d::toString);
        assertEquals(0.05, d.path("target_fpr").asDouble(), 1e-12, d::toString);
        assertEquals(0.05, d.path("target_miss").asDouble(), 1e-12, d::toString);
        if (!d.path("decides_real").asBoolean() && !d.path("decides_fake").asBoolean()) {
            // twelve seed images cannot support a 5% error bound on either side
            assertTrue(d.path("t_real").isNull() && d.path("t_fake").isNull(), d::toString);
            assertTrue(d.path("capability").asText().contains("unsure"), d::toString);
        }
    }

    @Test
    void metrics_expose_request_histograms_queue_depth_and_bank_size() {
        http.post("/v1/classify", new Http.Multipart().image(TestImages.realPng()));
        http.get("/v1/images/unknown-id");
        Http.Response r = http.get("/metrics");
        assertEquals(200, r.status());
        assertTrue(r.contentType().startsWith("text/plain"), r.contentType());
        String text = r.text();
        assertTrue(text.contains("http_server_requests_seconds_bucket{"), "latency histogram");
        assertTrue(text.contains("route=\"/v1/classify\""), "route label");
        assertTrue(text.contains("route=\"/v1/images/{id}\""), "route template, not the raw path");
        assertFalse(text.contains("unknown-id"), "no raw paths in labels");
        assertTrue(text.contains("status=\"404\""));
        assertTrue(text.contains("fakebank_embed_seconds_bucket"), "embed latency");
        assertTrue(text.contains("fakebank_inference_queue "), "queue depth gauge");
        assertTrue(text.contains("fakebank_bank_entries "), "bank size gauge");
    }

    @Test
    void map_places_every_live_entry_in_two_dimensions() {
        JsonNode j = http.get("/v1/map").json();
        long live = bank.fakebank.stats().live();
        assertTrue(j.path("points").size() >= 12);
        assertTrue(j.path("points").size() <= live + 5, "only live entries (allowing for concurrent adds)");
        JsonNode p = j.path("points").get(0);
        for (String f : new String[] {"id", "x", "y", "label", "family", "generator"}) {
            assertTrue(p.has(f), f + " in " + p);
        }
        assertTrue(p.path("x").isNumber() && p.path("y").isNumber());
        assertEquals(2, j.path("explained").size());
    }

    @Test
    void map_shows_a_fixed_uniform_sample_when_the_bank_is_larger_than_the_cap() {
        long live = bank.fakebank.bank().liveCount();
        var sample = bank.fakebank.liveSample(5);
        assertEquals(5, sample.size());
        assertEquals(5, sample.stream().map(v -> v.id()).distinct().count(), "no entry twice");
        assertEquals(sample.stream().map(v -> v.id()).toList(),
                bank.fakebank.liveSample(5).stream().map(v -> v.id()).toList(), "same bank, same sample");
        assertTrue(bank.fakebank.liveSample(100_000).size() >= live, "a small bank is shown whole");
        assertTrue(http.get("/v1/map").json().path("live").asLong() >= live);
    }

    @Test
    void map_project_places_a_query_image_on_the_same_map() {
        Http.Response r = http.post("/v1/map/project", new Http.Multipart().image(TestImages.fakePng()));
        assertEquals(200, r.status(), r::text);
        assertTrue(r.json().path("x").isNumber() && r.json().path("y").isNumber());
        assertTrue(r.json().path("version").isNumber());
    }

    @Test
    void map_project_rejects_a_non_image_with_422() {
        http.post("/v1/map/project", new Http.Multipart().image("nope".getBytes())).assertProblem(422);
    }

    @Test
    void openapi_document_describes_every_route() {
        Http.Response r = http.get("/openapi.json");
        assertEquals(200, r.status());
        JsonNode doc = r.json();
        assertTrue(doc.path("openapi").asText().startsWith("3.1"));
        Set<String> paths = new HashSet<>();
        doc.path("paths").fieldNames().forEachRemaining(paths::add);
        for (String p : new String[] {"/v1/classify", "/v1/classify/batch", "/v1/search", "/v1/images",
                "/v1/images/{id}", "/v1/images/{id}/thumbnail", "/v1/feedback", "/v1/retrain", "/v1/stats",
                "/v1/map", "/v1/map/project", "/v1/hashes", "/health", "/metrics", "/openapi.json", "/"}) {
            assertTrue(paths.contains(p), "documents " + p);
        }
        JsonNode retrain = doc.path("paths").path("/v1/retrain");
        assertTrue(retrain.path("post").path("responses").has("202"), "POST /v1/retrain is documented as 202");
        assertTrue(retrain.has("get"), "GET /v1/retrain (the retrain's state) is documented");
    }

    @Test
    void the_page_is_served_at_the_root_with_its_assets() {
        Http.Response page = http.get("/");
        assertEquals(200, page.status());
        assertTrue(page.contentType().startsWith("text/html"));
        assertTrue(page.text().contains("id=\"file\""), "has the file input");
        assertTrue(page.header("Content-Security-Policy").contains("default-src 'self'"));
        assertEquals(200, http.get("/app.js").status());
        assertEquals(200, http.get("/style.css").status());
        // the icon the page links to: without it browsers request /favicon.ico and log a 404 in the console
        assertTrue(page.text().contains("href=\"/favicon.svg\""));
        Http.Response icon = http.get("/favicon.svg");
        assertEquals(200, icon.status());
        assertTrue(icon.contentType().startsWith("image/svg+xml"), icon.contentType());
    }
}
