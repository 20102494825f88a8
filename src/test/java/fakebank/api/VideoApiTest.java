package fakebank.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import fakebank.bank.EntryMeta;
import fakebank.bank.Label;
import fakebank.testing.TestImages;
import fakebank.testing.TestVideos;
import fakebank.video.VideoSettings;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Videos through {@code POST /v1/classify} on the real server and model: a clip made of stills the bank knows as
 * fakes, and one made of stills it knows as real photos. The clips are made here with ffmpeg.
 */
@ExtendWith(TestBank.Extension.class)
class VideoApiTest {
    @TempDir
    static Path tmp;
    static TestBank bank;
    static Http http;
    static final Set<String> fakeIds = new HashSet<>();
    static byte[] fakeClip;
    static byte[] realClip;

    @BeforeAll
    static void setUp(TestBank b) throws Exception {
        TestVideos.assumeFfmpeg();
        bank = b;
        http = b.http;
        long seed = TestImages.nextSeed();
        List<BufferedImage> fakes = IntStream.range(0, 4).mapToObj(i -> TestVideos.shapes(seed + i, 256)).toList();
        List<BufferedImage> reals = IntStream.range(0, 4).mapToObj(i -> TestImages.gradient(seed + 10 + i, 256))
                .toList();
        for (BufferedImage f : fakes) {
            fakeIds.add(b.fakebank.add(TestImages.png(f), new EntryMeta(Label.FAKE, "video-test-gen", null,
                    "video-test", null, "test")).id());
        }
        for (BufferedImage r : reals) {
            b.fakebank.add(TestImages.png(r), new EntryMeta(Label.REAL, "camera", null, "video-test", null, "test"));
        }
        fakeClip = Files.readAllBytes(TestVideos.clip(tmp, "fakes.mp4", fakes, 1));
        realClip = Files.readAllBytes(TestVideos.clip(tmp, "reals.webm", reals, 1));
    }

    @Test
    void a_clip_of_known_fakes_is_fake_with_the_matched_entries_and_their_times() {
        Http.Response r = http.post("/v1/classify", new Http.Multipart().file("video", "fakes.mp4", "video/mp4",
                fakeClip));
        assertEquals(200, r.status(), r::text);
        JsonNode j = r.json();
        assertEquals("video", j.path("media").asText());
        assertEquals("fake", j.path("verdict").asText(), j::toString);
        assertTrue(fakeIds.contains(j.path("known_match").asText()), j::toString);
        // H.264 moves a frame's embedding a little off its still (cosine 0.97-0.999 measured, docs/video.md):
        // most frames, not necessarily all, are near enough to count as copies
        JsonNode known = j.path("known_frames");
        assertTrue(known.size() >= 3, j::toString);
        Set<Double> times = new HashSet<>();
        for (JsonNode k : known) {
            times.add(k.path("t").asDouble());
            assertTrue(fakeIds.contains(k.path("match").path("id").asText()), known::toString);
            assertEquals("fake", k.path("match").path("label").asText());
        }
        assertTrue(Set.of(0.0, 1.0, 2.0, 3.0).containsAll(times) && times.size() == known.size(), known::toString);
        JsonNode frames = j.path("frames");
        assertEquals(4, frames.size());
        assertEquals("fakes.mp4#t=2.0", frames.get(2).path("name").asText());
        assertEquals("fake", frames.get(2).path("verdict").asText());
        assertEquals(8.0 / 2, j.path("duration_s").asDouble(), 0.2);
        assertTrue(j.path("timing_ms").path("total").asDouble() > 0);
        assertTrue(j.path("reasons").get(0).asText().contains("known fakes"), j::toString);
    }

    @Test
    void a_clip_of_known_real_photos_is_real_and_frame_thumbnails_come_on_request() {
        Http.Response r = http.post("/v1/classify?thumbnails=true", "video/webm", realClip);
        assertEquals(200, r.status(), r::text);
        JsonNode j = r.json();
        assertEquals("real", j.path("verdict").asText(), j::toString);
        assertTrue(j.path("reasons").get(0).asText().contains("copies of known real photos"), j::toString);
        assertEquals(4, j.path("frames").size());
        for (JsonNode f : j.path("frames")) {
            assertEquals("real", f.path("verdict").asText(), f::toString);
            assertTrue(f.path("thumbnail").asText().startsWith("data:image/jpeg;base64,"));
        }
    }

    @Test
    void a_video_sent_in_the_image_part_is_recognised_by_its_bytes() {
        Http.Response r = http.post("/v1/classify", new Http.Multipart().file("image", "clip.bin",
                "application/octet-stream", fakeClip));
        assertEquals(200, r.status(), r::text);
        assertEquals("video", r.json().path("media").asText());
        assertTrue(!r.json().path("frames").get(0).has("thumbnail"), "thumbnails only on request");
    }

    @Test
    void a_truncated_video_is_422_with_a_clear_message() {
        byte[] cut = Arrays.copyOf(fakeClip, fakeClip.length / 2);
        JsonNode p = http.post("/v1/classify", new Http.Multipart().file("video", "cut.mp4", "video/mp4", cut))
                .assertProblem(422);
        assertEquals("urn:fakebank:problem:bad-video", p.path("type").asText());
        assertTrue(p.path("detail").asText().contains("MP4"), p::toString);
    }

    @Test
    void an_empty_or_non_video_upload_declared_as_video_is_422_bad_video() {
        JsonNode empty = http.post("/v1/classify", "video/mp4", new byte[0]).assertProblem(422);
        assertEquals("urn:fakebank:problem:bad-video", empty.path("type").asText());
        assertTrue(empty.path("detail").asText().contains("empty"), empty::toString);
        JsonNode png = http.post("/v1/classify", new Http.Multipart().file("video", "x.mp4", "video/mp4",
                TestImages.realPng())).assertProblem(422);
        assertTrue(png.path("detail").asText().contains("not an MP4"), png::toString);
    }

    @Test
    void a_server_without_ffmpeg_answers_501_for_videos_and_still_classifies_images() {
        try (ApiServer server = ApiServer.start(bank.fakebank, TestBank.settings(),
                VideoSettings.defaults().withFfmpeg("/nonexistent/bin/ffmpeg"))) {
            Http other = new Http(server.port());
            JsonNode p = other.post("/v1/classify", "video/mp4", fakeClip).assertProblem(501);
            assertTrue(p.path("detail").asText().contains("ffprobe"), p::toString);
            assertEquals(200, other.post("/v1/classify", new Http.Multipart().image(TestImages.realPng())).status());
        }
    }
}
