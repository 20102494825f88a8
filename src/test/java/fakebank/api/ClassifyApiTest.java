package fakebank.api;

import fakebank.testing.TestImages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import fakebank.bank.EntryMeta;
import fakebank.bank.Label;
import fakebank.bank.NewEntry;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestBank.Extension.class)
class ClassifyApiTest {
    private static Http http;
    private static TestBank bank;

    @BeforeAll
    static void setUp(TestBank b) {
        bank = b;
        http = b.http;
    }

    @Test
    void classify_returns_a_verdict_with_scores_matches_model_and_timings() {
        Http.Response r = http.post("/v1/classify", new Http.Multipart().image(TestImages.realPng()));
        assertEquals(200, r.status(), r::text);
        assertTrue(r.contentType().startsWith("application/json"));
        JsonNode j = r.json();
        assertTrue(Set.of("real", "fake", "unsure").contains(j.path("verdict").asText()), j::toString);
        double p = j.path("p_fake").asDouble(-1);
        assertTrue(p >= 0 && p <= 1, "p_fake in [0,1]: " + p);
        assertTrue(j.path("scores").has("knn") && j.path("scores").has("probe"));
        assertTrue(j.path("threshold").isNumber());
        assertEquals(2, j.path("unsure_band").size());
        assertTrue(j.path("unsure_band").get(0).asDouble() <= j.path("unsure_band").get(1).asDouble());
        assertTrue(j.has("family") && j.has("generator") && j.has("attribution_confidence"));
        assertEquals(64, j.path("sha256").asText().length());
        assertFalse(j.path("model").path("name").asText().isEmpty());
        assertFalse(j.path("model").path("version").asText().isEmpty());
        for (String t : new String[] {"decode", "embed", "detect", "total"}) {
            assertTrue(j.path("timing_ms").path(t).isNumber(), t);
        }
        JsonNode matches = j.path("matches");
        assertTrue(matches.size() > 0, "the seeded bank gives evidence");
        JsonNode m = matches.get(0);
        for (String f : new String[] {"id", "similarity", "label", "generator", "family", "source", "thumbnail_url"}) {
            assertTrue(m.has(f), "match field " + f + ": " + m);
        }
        assertEquals("/v1/images/" + m.path("id").asText() + "/thumbnail", m.path("thumbnail_url").asText());
        assertTrue(m.path("has_thumbnail").asBoolean(), m::toString);
    }

    /** A seed entry whose licence allows no thumbnail: the answer says so, and the page never requests one. */
    @Test
    void an_entry_without_a_thumbnail_has_no_thumbnail_url_in_matches_or_as_the_known_image() {
        byte[] image = TestImages.png(TestImages.noise(TestImages.nextSeed(), 96));
        NewEntry full = bank.fakebank.entry(bank.fakebank.embed(image), image, new EntryMeta(Label.REAL, "camera",
                null, "https://example.org/photos/unlicensed.jpg [crop x=12]", "all rights reserved", "test"));
        String id = bank.fakebank.addAll(List.of(new NewEntry(full.sha256(), full.vector(), null, full.original(),
                full.meta()))).getFirst().id();

        JsonNode j = http.post("/v1/classify", new Http.Multipart().image(image)).json();
        JsonNode known = j.path("known");
        assertEquals(id, known.path("id").asText(), j::toString);
        assertFalse(known.path("has_thumbnail").asBoolean(true), known::toString);
        assertTrue(known.has("thumbnail_url") && known.path("thumbnail_url").isNull(), known::toString);
        assertEquals("https://example.org/photos/unlicensed.jpg", known.path("source_url").asText(), known::toString);
        assertEquals("crop x=12", known.path("source_note").asText(), known::toString);
        // every match's flag agrees with what its thumbnail URL answers: 200 when it has one, no URL otherwise
        boolean sawIt = false;
        for (JsonNode m : j.path("matches")) {
            boolean has = m.path("has_thumbnail").asBoolean();
            if (has) {
                assertEquals(200, http.get(m.path("thumbnail_url").asText()).status(), m::toString);
            } else {
                assertTrue(m.path("thumbnail_url").isNull(), m::toString);
                assertEquals(404, http.get("/v1/images/" + m.path("id").asText() + "/thumbnail").status());
            }
            sawIt |= m.path("id").asText().equals(id) && !has;
        }
        assertTrue(sawIt, "the entry is the closest match, without a thumbnail: " + j.path("matches"));
        JsonNode found = http.post("/v1/search?k=1", new Http.Multipart().image(image)).json().path("matches").get(0);
        assertEquals(id, found.path("id").asText());
        assertFalse(found.path("has_thumbnail").asBoolean(true), found::toString);
        assertTrue(found.path("thumbnail_url").isNull(), found::toString);
    }

    @Test
    void every_verdict_carries_its_reasons_with_a_code_and_a_detail() {
        JsonNode j = http.post("/v1/classify", new Http.Multipart().image(TestImages.realPng())).json();
        JsonNode reasons = j.path("reasons");
        assertTrue(reasons.isArray() && reasons.size() > 0, j::toString);
        Set<String> known = Set.of("known_match", "score", "novel", "no_separation", "untrained", "metadata");
        for (JsonNode reason : reasons) {
            assertTrue(known.contains(reason.path("code").asText()), reason::toString);
            assertFalse(reason.path("detail").asText().isBlank(), reason::toString);
        }
        if (!j.path("known_match").isNull()) {
            assertEquals("known_match", reasons.get(0).path("code").asText(), "the deciding reason comes first");
        }
    }

    @Test
    void classify_accepts_a_raw_image_body_with_an_image_content_type() {
        Http.Response r = http.post("/v1/classify", "image/jpeg", TestImages.realJpeg());
        assertEquals(200, r.status(), r::text);
        assertTrue(r.json().has("verdict"));
    }

    @Test
    void batch_classify_returns_one_result_per_file_and_a_problem_for_a_broken_one() {
        Http.Multipart body = new Http.Multipart()
                .file("image", "one.png", "image/png", TestImages.realPng())
                .file("image", "broken.png", "image/png", "not an image".getBytes())
                .file("image", "two.png", "image/png", TestImages.fakePng());
        Http.Response r = http.post("/v1/classify/batch", body);
        assertEquals(200, r.status(), r::text);
        JsonNode results = r.json().path("results");
        assertEquals(3, results.size());
        assertEquals("one.png", results.get(0).path("filename").asText());
        assertTrue(results.get(0).has("verdict"));
        assertEquals("broken.png", results.get(1).path("filename").asText());
        assertEquals(422, results.get(1).path("error").path("status").asInt(), results::toString);
        assertTrue(results.get(2).has("p_fake"));
    }

    @Test
    void search_returns_k_matches_sorted_by_similarity() {
        Http.Response r = http.post("/v1/search?k=3", new Http.Multipart().image(TestImages.fakePng()));
        assertEquals(200, r.status(), r::text);
        JsonNode matches = r.json().path("matches");
        assertEquals(3, matches.size());
        for (int i = 1; i < matches.size(); i++) {
            assertTrue(matches.get(i - 1).path("similarity").asDouble() >= matches.get(i).path("similarity").asDouble());
        }
    }

    @Test
    void search_filters_by_label() {
        Http.Response r = http.post("/v1/search?k=20&label=fake", new Http.Multipart().image(TestImages.realPng()));
        assertEquals(200, r.status(), r::text);
        JsonNode matches = r.json().path("matches");
        assertTrue(matches.size() > 0);
        matches.forEach(m -> assertEquals("fake", m.path("label").asText()));
    }

    @Test
    void search_filters_by_added_after() {
        Http.Response r = http.post("/v1/search?added_after=2999-01-01T00:00:00Z",
                new Http.Multipart().image(TestImages.realPng()));
        assertEquals(200, r.status(), r::text);
        assertEquals(0, r.json().path("matches").size());
    }

    @Test
    void search_rejects_k_out_of_range_with_400() {
        http.post("/v1/search?k=101", new Http.Multipart().image(TestImages.realPng())).assertProblem(400);
        http.post("/v1/search?k=zero", new Http.Multipart().image(TestImages.realPng())).assertProblem(400);
    }

    @Test
    void search_rejects_an_unknown_label_or_family_or_date_with_400() {
        http.post("/v1/search?label=maybe", new Http.Multipart().image(TestImages.realPng())).assertProblem(400);
        http.post("/v1/search?family=robot", new Http.Multipart().image(TestImages.realPng())).assertProblem(400);
        http.post("/v1/search?added_after=yesterday", new Http.Multipart().image(TestImages.realPng()))
                .assertProblem(400);
    }
}
