package fakebank.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fakebank.error.BadVideoException;
import fakebank.error.FakebankException;
import fakebank.error.MissingToolException;
import fakebank.error.TooLargeException;
import fakebank.testing.TestImages;
import fakebank.testing.TestVideos;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ffprobe limits and ffmpeg sampling on clips made here (no model involved). */
class VideoDecodingTest {
    @TempDir
    static Path tmp;
    /** Four stills, 2 s each, 128x128 at 10 fps: hard cuts at 2, 4 and 6 s. */
    static Path mp4;
    static Path webm;

    @BeforeAll
    static void makeClips() throws Exception {
        TestVideos.assumeFfmpeg();
        List<BufferedImage> stills = IntStream.range(0, 4).mapToObj(i -> TestVideos.shapes(10 + i, 128)).toList();
        mp4 = TestVideos.clip(tmp, "four.mp4", stills, 2);
        webm = TestVideos.clip(tmp, "four.webm", stills, 2);
    }

    private static List<FrameSampler.Frame> sample(VideoSettings s, Path file) {
        List<FrameSampler.Frame> frames = new ArrayList<>();
        new FrameSampler(s).sample(file, new VideoProbe(s).probe(file), frames::add);
        return frames;
    }

    private static double[] times(List<FrameSampler.Frame> frames) {
        return frames.stream().mapToDouble(FrameSampler.Frame::seconds).toArray();
    }

    @Test
    void probe_reads_size_duration_and_frame_count_from_the_header() {
        VideoInfo info = new VideoProbe(VideoSettings.defaults()).probe(mp4);
        assertEquals(128, info.width());
        assertEquals(128, info.height());
        assertEquals(8.0, info.seconds(), 0.2);
        assertEquals(80, info.frameCount(), 2);
        assertEquals("h264", info.codec());
        VideoInfo w = new VideoProbe(VideoSettings.defaults()).probe(webm);
        assertTrue(w.format().contains("matroska"), w.toString());
        assertEquals(8.0, w.seconds(), 0.2);
    }

    @Test
    void frames_come_at_the_fixed_rate_in_time_order_for_mp4_and_webm() {
        for (Path clip : List.of(mp4, webm)) {
            double[] t = times(sample(VideoSettings.defaults(), clip));
            assertEquals(8, t.length, clip + ": " + Arrays.toString(t));
            for (int i = 0; i < t.length; i++) {
                assertEquals(i, t[i], 0.051, clip + ": " + Arrays.toString(t));
            }
        }
    }

    @Test
    void scene_changes_are_sampled_between_fixed_rate_frames() {
        VideoSettings s = VideoSettings.defaults().withSampling(32, 3.0, 0.3);
        double[] t = times(sample(s, mp4));
        // fixed rate alone gives 0, 3, 6; the cuts at 2 and 4 s add frames (6 s is both)
        for (double cut : new double[] {0, 2, 4, 6}) {
            assertTrue(Arrays.stream(t).anyMatch(x -> Math.abs(x - cut) < 0.051), cut + " in " + Arrays.toString(t));
        }
        assertTrue(t.length <= 6, Arrays.toString(t));
    }

    @Test
    void at_most_max_frames_are_sampled_and_they_still_span_the_video() {
        double[] t = times(sample(VideoSettings.defaults().withSampling(4, 0.5, 0.3), mp4));
        // every 0.5 s would be 16 frames: the grid stretches to 4 s (0, 4) and the cuts at 2 and 6 fill the budget
        assertEquals(4, t.length, Arrays.toString(t));
        assertEquals(6, t[3], 0.051, "the samples reach the last scene: " + Arrays.toString(t));
    }

    @Test
    void frames_are_decoded_pixels_of_the_stills() {
        FrameSampler.Frame first = sample(VideoSettings.defaults(), mp4).getFirst();
        assertEquals(128, first.image().width());
        int expected = TestVideos.shapes(10, 128).getRGB(64, 64) & 0xFFFFFF;
        int got = first.image().pixels()[64 * 128 + 64];
        for (int shift = 0; shift <= 16; shift += 8) {
            int a = expected >> shift & 0xFF;
            int b = got >> shift & 0xFF;
            assertTrue(Math.abs(a - b) < 24, "channel " + shift + ": " + a + " vs " + b);
        }
    }

    @Test
    void large_frames_are_scaled_to_the_frame_side() throws Exception {
        Path big = TestVideos.clip(tmp, "big.mkv", List.of(TestVideos.shapes(1, 1000)), 1);
        FrameSampler.Frame f = sample(VideoSettings.defaults(), big).getFirst();
        assertEquals(VideoSettings.DEFAULT_FRAME_SIDE, Math.max(f.image().width(), f.image().height()));
    }

    @Test
    void a_zero_length_file_is_a_bad_video() throws Exception {
        Path empty = Files.write(tmp.resolve("empty.mp4"), new byte[0]);
        assertTrue(assertThrows(BadVideoException.class, () -> new VideoProbe(VideoSettings.defaults()).probe(empty))
                .getMessage().contains("empty"));
    }

    @Test
    void a_truncated_file_is_a_bad_video() throws Exception {
        byte[] whole = Files.readAllBytes(mp4);
        Path cut = Files.write(tmp.resolve("cut.mp4"), Arrays.copyOf(whole, whole.length / 2));
        FakebankException e = assertThrows(BadVideoException.class, () -> sample(VideoSettings.defaults(), cut));
        assertEquals(422, e.httpStatus());
    }

    @Test
    void a_truncated_matroska_file_is_a_bad_video_not_a_partial_verdict() throws Exception {
        byte[] whole = Files.readAllBytes(webm);
        Path cut = Files.write(tmp.resolve("cut.webm"), Arrays.copyOf(whole, whole.length / 3));
        BadVideoException e = assertThrows(BadVideoException.class, () -> sample(VideoSettings.defaults(), cut));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void an_image_or_garbage_is_not_a_video() throws Exception {
        Path png = Files.write(tmp.resolve("still.mp4"), TestImages.realPng());
        assertThrows(BadVideoException.class, () -> new VideoProbe(VideoSettings.defaults()).probe(png));
        assertTrue(!VideoFormats.sniff(TestImages.realPng()));
        assertTrue(VideoFormats.sniff(Files.readAllBytes(mp4)) && VideoFormats.sniff(Files.readAllBytes(webm)));
    }

    @Test
    void limits_on_bytes_duration_size_and_frames_are_checked_from_the_header() {
        VideoSettings d = VideoSettings.defaults();
        assertThrows(TooLargeException.class, () -> new VideoProbe(d.withLimits(1000, 600, 4096, 36_000)).probe(mp4));
        TooLargeException longer = assertThrows(TooLargeException.class,
                () -> new VideoProbe(d.withLimits(d.maxBytes(), 5, 4096, 36_000)).probe(mp4));
        assertTrue(longer.getMessage().contains("lasts 8.0 s"), longer.getMessage());
        assertThrows(TooLargeException.class, () -> new VideoProbe(d.withLimits(d.maxBytes(), 600, 100, 36_000))
                .probe(mp4));
        assertThrows(TooLargeException.class, () -> new VideoProbe(d.withLimits(d.maxBytes(), 600, 4096, 50))
                .probe(mp4));
    }

    @Test
    void a_decoder_that_overruns_its_timeout_is_killed_and_reported() {
        VideoSettings s = VideoSettings.defaults().withTimeout(Duration.ofMillis(1));
        VideoInfo info = new VideoProbe(VideoSettings.defaults()).probe(mp4);
        long t0 = System.nanoTime();
        BadVideoException e = assertThrows(BadVideoException.class,
                () -> new FrameSampler(s).sample(mp4, info, f -> { }));
        assertTrue(e.getMessage().startsWith("decoding the video took longer"), e.getMessage());
        assertThrows(BadVideoException.class, () -> new VideoProbe(s).probe(mp4), "the probe has the same limit");
        assertTrue(e.getMessage().contains("longer than"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "returned promptly");
    }

    @Test
    void a_missing_ffmpeg_is_a_clear_server_error() {
        VideoSettings s = VideoSettings.defaults().withFfmpeg("/nonexistent/bin/ffmpeg");
        MissingToolException e = assertThrows(MissingToolException.class, () -> new VideoProbe(s).probe(mp4));
        assertEquals(501, e.httpStatus());
        assertEquals(9, e.exitCode());
        assertTrue(e.getMessage().contains("/nonexistent/bin/ffprobe"), e.getMessage());
    }

    @Test
    void frame_names_are_media_fragments() {
        assertEquals("clip.mp4#t=12.0", VideoAnalyzer.frameName("clip.mp4", 12));
        assertEquals("clip.mp4#t=0.333", VideoAnalyzer.frameName("clip.mp4", 1 / 3.0));
        assertEquals("clip.mp4#t=2.04", VideoAnalyzer.frameName("clip.mp4", 2.04));
    }
}
