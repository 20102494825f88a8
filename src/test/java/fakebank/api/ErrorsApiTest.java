package fakebank.api;

import fakebank.testing.TestImages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every error status the API answers with, each as an RFC 9457 problem. */
@ExtendWith(TestBank.Extension.class)
class ErrorsApiTest {
    private static TestBank bank;
    private static Http http;

    @BeforeAll
    static void setUp(TestBank b) {
        bank = b;
        http = b.http;
    }

    @Test
    void rejects_non_image_upload_with_422() {
        JsonNode p = http.post("/v1/classify", new Http.Multipart().image("hello, not a picture".getBytes()))
                .assertProblem(422);
        assertEquals("urn:fakebank:problem:bad-image", p.path("type").asText());
        assertEquals("/v1/classify", p.path("instance").asText());
    }

    @Test
    void rejects_zero_byte_image_with_422() {
        http.post("/v1/classify", new Http.Multipart().image(new byte[0])).assertProblem(422);
    }

    @Test
    void rejects_truncated_image_with_422() {
        byte[] png = TestImages.png(TestImages.noise(7, 256));
        http.post("/v1/classify", new Http.Multipart().image(TestImages.truncated(png, png.length / 3)))
                .assertProblem(422);
    }

    @Test
    void rejects_decompression_bomb_with_413() {
        http.post("/v1/classify", new Http.Multipart().image(TestImages.claimingSize(100_000, 100_000)))
                .assertProblem(413);
    }

    @Test
    void rejects_non_image_content_type_with_415() {
        http.post("/v1/classify", "text/plain", "just text".getBytes()).assertProblem(415);
        http.post("/v1/classify", "application/json", "{}".getBytes()).assertProblem(415);
    }

    @Test
    void rejects_a_text_part_named_image_with_415() {
        http.post("/v1/classify", new Http.Multipart().file("image", "notes.txt", "text/plain", "x".getBytes()))
                .assertProblem(415);
    }

    @Test
    void rejects_multipart_without_image_part_with_400() {
        http.post("/v1/classify", new Http.Multipart().field("label", "real")).assertProblem(400);
    }

    @Test
    void rejects_upload_larger_than_the_limit_with_413_from_content_length() {
        byte[] big = new byte[(int) TestBank.MAX_UPLOAD + 1024];
        // Expect: 100-continue, as curl sends for large bodies: the server answers 413 from the header alone; without
        // it the client may still be writing when the server closes, and then sees a reset instead of the answer
        HttpRequest.Builder req = http.request("/v1/classify").header("Content-Type", "image/png").expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofByteArray(big));
        Http.Response r = http.send(req);
        JsonNode p = r.assertProblem(413);
        assertEquals("urn:fakebank:problem:too-large", p.path("type").asText());
    }

    @Test
    void rejects_chunked_upload_larger_than_the_limit_with_413() {
        byte[] big = new byte[(int) TestBank.MAX_UPLOAD + 1024];
        // no Content-Length: the server must stop reading at the limit
        HttpRequest.Builder req = http.request("/v1/classify").header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));
        http.send(req).assertProblem(413);
    }

    @Test
    void rejects_chunked_multipart_larger_than_the_limit_with_413() {
        byte[] body = new Http.Multipart().image(new byte[(int) TestBank.MAX_UPLOAD + 1024]).field("label", "real")
                .body();
        Http.Multipart form = new Http.Multipart();
        HttpRequest.Builder req = http.request("/v1/classify").header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                        rebound(body, form))));
        http.send(req).assertProblem(413);
    }

    /** The same multipart body under another form's boundary (the body was built with its own). */
    private static byte[] rebound(byte[] body, Http.Multipart form) {
        String text = new String(body, java.nio.charset.StandardCharsets.ISO_8859_1);
        String oldBoundary = text.substring(2, text.indexOf("\r\n"));
        String newBoundary = form.contentType().substring(form.contentType().indexOf('=') + 1);
        return text.replace(oldBoundary, newBoundary).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Test
    void rejects_malformed_multipart_with_400() {
        http.post("/v1/classify", "multipart/form-data; boundary=nothere", "garbage without parts".getBytes())
                .assertProblem(400);
    }

    @Test
    void answers_unknown_route_with_404_problem() {
        http.get("/v1/nothing-here").assertProblem(404);
    }

    @Test
    void answers_unknown_image_id_with_404_problem() {
        http.get("/v1/images/doesnotexist").assertProblem(404);
        http.get("/v1/images/doesnotexist/thumbnail").assertProblem(404);
    }

    @Test
    void answers_wrong_method_with_405_problem() {
        http.get("/v1/classify").assertProblem(405);
    }

    @Test
    void answers_503_with_retry_after_when_the_inference_queue_is_full() throws Exception {
        // one slot, no queue: concurrent requests beyond the first must be turned away, not queued
        try (ApiServer tight = bank.start(TestBank.settings().withInference(1, 0))) {
            Http h = new Http(tight.port());
            byte[] image = TestImages.png(TestImages.noise(TestImages.nextSeed(), 512));
            ExecutorService pool = Executors.newFixedThreadPool(12);
            try {
                List<Future<Http.Response>> futures = new ArrayList<>();
                for (int i = 0; i < 24; i++) {
                    futures.add(pool.submit(() -> h.post("/v1/classify", new Http.Multipart().image(image))));
                }
                int ok = 0;
                int overloaded = 0;
                for (Future<Http.Response> f : futures) {
                    Http.Response r = f.get();
                    if (r.status() == 200) {
                        ok++;
                    } else {
                        JsonNode p = r.assertProblem(503);
                        assertEquals("urn:fakebank:problem:overloaded", p.path("type").asText());
                        assertEquals("1", r.header("Retry-After"));
                        overloaded++;
                    }
                }
                assertTrue(ok > 0, "some requests are served");
                assertTrue(overloaded > 0, "some requests are turned away");
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void server_keeps_serving_after_hostile_inputs() {
        http.post("/v1/classify", new Http.Multipart().image(TestImages.claimingSize(Integer.MAX_VALUE, 3)));
        http.post("/v1/classify", new Http.Multipart().image(new byte[] {(byte) 0x89, 'P', 'N', 'G'}));
        http.post("/v1/classify", new Http.Multipart().image(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}));
        assertEquals(200, http.get("/health").status());
        assertEquals(200, http.post("/v1/classify", new Http.Multipart().image(TestImages.realPng())).status());
    }
}
