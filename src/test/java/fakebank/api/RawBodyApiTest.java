package fakebank.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fakebank.testing.TestImages;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The image as the whole request body (no multipart): the same answers as the form, options in the query string,
 * and the form's limits and errors.
 */
@ExtendWith(TestBank.Extension.class)
class RawBodyApiTest {
    private static Http http;

    @BeforeAll
    static void setUp(TestBank b) {
        http = b.http;
    }

    @Test
    void search_with_a_raw_body_answers_as_the_form_does_for_the_same_image_and_options() {
        byte[] jpeg = TestImages.realJpeg();
        JsonNode form = ok(http.post("/v1/search?k=4&label=real", new Http.Multipart().image(jpeg)));
        JsonNode raw = ok(http.post("/v1/search?k=4&label=real", "image/jpeg", jpeg));
        JsonNode octets = ok(http.post("/v1/search?k=4&label=real", "application/octet-stream", jpeg));
        assertEquals(4, form.path("matches").size(), form::toString);
        assertSameAnswer(form, raw);
        assertSameAnswer(form, octets);
        for (JsonNode m : raw.path("matches")) {
            assertEquals("real", m.path("label").asText(), "label=real reached the search: " + m);
        }
    }

    @Test
    void classify_with_a_raw_body_answers_as_the_form_does_for_the_same_image() {
        byte[] png = TestImages.fakePng();
        JsonNode form = withoutTimings(ok(http.post("/v1/classify", new Http.Multipart().image(png))));
        JsonNode raw = withoutTimings(ok(http.post("/v1/classify", "image/png", png)));
        JsonNode octets = withoutTimings(ok(http.post("/v1/classify", "application/octet-stream", png)));
        assertTrue(form.path("matches").size() > 0, form::toString);
        assertSameAnswer(form, raw);
        assertSameAnswer(form, octets);
    }

    @Test
    void a_raw_body_is_decoded_whatever_image_type_it_claims() {
        byte[] png = TestImages.realPng();
        JsonNode asPng = ok(http.post("/v1/search?k=3", "image/png", png));
        // the bytes decide, as for a form part: a PNG sent as image/jpeg is still a PNG
        assertSameAnswer(asPng, ok(http.post("/v1/search?k=3", "image/jpeg", png)));
        assertSameAnswer(asPng, ok(http.post("/v1/search?k=3", "image/webp", png)));
    }

    @Test
    void a_raw_body_over_the_limit_is_413_with_or_without_a_content_length() {
        byte[] big = new byte[(int) TestBank.MAX_UPLOAD + 1024];
        assertEquals("urn:fakebank:problem:too-large",
                http.post("/v1/search", "image/jpeg", big).assertProblem(413).path("type").asText());
        HttpRequest.Builder chunked = http.request("/v1/search").header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));
        assertEquals("urn:fakebank:problem:too-large", http.send(chunked).assertProblem(413).path("type").asText());
    }

    @Test
    void a_raw_body_at_the_limit_is_read_not_refused() {
        // as many bytes as the limit allows, not an image: the decoder, not the size check, turns it away
        byte[] full = new byte[(int) TestBank.MAX_UPLOAD];
        http.post("/v1/search", "image/png", full).assertProblem(422);
    }

    @Test
    void an_empty_or_undecodable_raw_body_is_422_bad_image_like_a_form_part() {
        for (String path : new String[] {"/v1/search", "/v1/classify"}) {
            JsonNode empty = http.post(path, "image/jpeg", new byte[0]).assertProblem(422);
            assertEquals("urn:fakebank:problem:bad-image", empty.path("type").asText(), empty::toString);
            JsonNode text = http.post(path, "application/octet-stream", "not a picture".getBytes()).assertProblem(422);
            assertEquals("urn:fakebank:problem:bad-image", text.path("type").asText(), text::toString);
            byte[] png = TestImages.png(TestImages.noise(TestImages.nextSeed(), 256));
            http.post(path, "image/png", TestImages.truncated(png, png.length / 3)).assertProblem(422);
            http.post(path, "image/png", TestImages.claimingSize(100_000, 100_000)).assertProblem(413);
        }
        assertEquals(200, http.post("/v1/search", "image/png", TestImages.realPng()).status(), "still serving");
    }

    @Test
    void a_raw_body_of_another_type_or_without_a_type_is_415() {
        byte[] png = TestImages.realPng();
        for (String type : new String[] {"text/plain", "application/json", "application/x-www-form-urlencoded"}) {
            http.post("/v1/search", type, png).assertProblem(415);
            http.post("/v1/classify", type, png).assertProblem(415);
        }
        http.post("/v1/search", null, png).assertProblem(415);
    }

    @Test
    void bad_options_in_the_query_string_of_a_raw_upload_are_400() {
        byte[] png = TestImages.realPng();
        http.post("/v1/search?k=101", "image/png", png).assertProblem(400);
        http.post("/v1/search?label=maybe", "image/png", png).assertProblem(400);
        http.post("/v1/search?added_after=yesterday", "image/png", png).assertProblem(400);
    }

    private static JsonNode ok(Http.Response r) {
        assertEquals(200, r.status(), r::text);
        return r.json();
    }

    /**
     * Equal answers, numbers to 1e-5: the same bytes embedded twice may differ in the last float bits (libtorch picks
     * its kernels per call), which moved a kNN score by 4e-8 in the full suite and so a 6-decimal similarity by
     * 1e-6; anything else must match exactly.
     */
    private static void assertSameAnswer(JsonNode expected, JsonNode actual) {
        assertSame("", expected, actual, expected, actual);
    }

    private static void assertSame(String at, JsonNode e, JsonNode a, JsonNode expected, JsonNode actual) {
        if (e.isNumber() && a.isNumber()) {
            assertEquals(e.asDouble(), a.asDouble(), 1e-5, () -> at + " in " + expected + " against " + actual);
        } else if (e.isContainerNode() && a.isContainerNode() && e.getNodeType() == a.getNodeType()
                && e.size() == a.size()) {
            if (e.isArray()) {
                for (int i = 0; i < e.size(); i++) {
                    assertSame(at + "[" + i + "]", e.get(i), a.get(i), expected, actual);
                }
            } else {
                e.fieldNames().forEachRemaining(name -> assertSame(at + "." + name, e.get(name),
                        a.has(name) ? a.get(name) : MissingNode.getInstance(),
                        expected, actual));
            }
        } else {
            assertEquals(e, a, () -> at + " in " + expected + " against " + actual);
        }
    }

    /** The answer without its timings, which differ from one run of the same image to the next. */
    private static JsonNode withoutTimings(JsonNode answer) {
        ObjectNode copy = answer.deepCopy();
        copy.remove("timing_ms");
        return copy;
    }
}
