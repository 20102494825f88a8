package fakebank.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fakebank.testing.TestImages;
import fakebank.testing.TestPaths;
import fakebank.testing.TestVideos;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code add} and {@code classify} with videos on a real bank and model: the frames of one clip of fake stills are
 * added, then another encoding of the same stills (webm) is classified, with a clip of known real photos beside it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VideoCliTest {
    @TempDir
    static Path tmp;
    static Path index;
    static Path realStills;
    static Path fakeMp4;
    static Path fakeWebm;
    static Path realMp4;

    @BeforeAll
    static void makeClips() throws Exception {
        TestVideos.assumeFfmpeg();
        index = tmp.resolve("index");
        long seed = TestImages.nextSeed();
        List<BufferedImage> fakes = IntStream.range(0, 4).mapToObj(i -> TestVideos.shapes(seed + i, 256)).toList();
        List<BufferedImage> reals = IntStream.range(0, 4).mapToObj(i -> TestImages.gradient(seed + 10 + i, 256))
                .toList();
        realStills = tmp.resolve("stills/real");
        Files.createDirectories(realStills);
        for (int i = 0; i < reals.size(); i++) {
            Files.write(realStills.resolve("photo_" + i + ".png"), TestImages.png(reals.get(i)));
        }
        fakeMp4 = TestVideos.clip(tmp.resolve("clips"), "fakes.mp4", fakes, 1);
        fakeWebm = TestVideos.clip(tmp.resolve("clips"), "fakes-again.webm", fakes, 1);
        realMp4 = TestVideos.clip(tmp.resolve("clips"), "reals.mp4", reals, 1);
    }

    private static CliRunner.Run cli(String... args) {
        String[] all = Arrays.copyOf(args, args.length + 6);
        System.arraycopy(new String[] {"--index", index.toString(), "--seed", "none", "--model",
                TestPaths.defaultModel().toString()}, 0, all, args.length, 6);
        return CliRunner.run(all);
    }

    @Test
    @Order(1)
    void add_of_a_video_adds_its_sampled_frames_with_the_video_and_time_as_source() throws Exception {
        CliRunner.Run reals = cli("add", realStills.toString(), "--no-train");
        assertEquals(0, reals.exit(), reals.err());
        CliRunner.Run run = cli("add", fakeMp4.toString(), "--label", "fake", "--generator", "video-gen", "--jsonl");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("added=4 duplicates=0 failed=0"), run.out());
        List<JsonNode> events = run.out().lines().filter(l -> l.startsWith("{")).map(VideoCliTest::json).toList();
        assertEquals(4, events.size(), run.out());
        assertEquals(fakeMp4 + "#t=2.0", events.get(2).get("file").asText());
        JsonNode entry = json(cli("get", events.get(2).get("id").asText()).out());
        assertEquals(fakeMp4 + "#t=2.0", entry.get("source").asText());
        assertEquals("fake", entry.get("label").asText());
        assertEquals("video-gen", entry.get("generator").asText());
    }

    @Test
    @Order(2)
    void classify_writes_one_row_per_video_and_with_frames_one_row_per_frame() throws Exception {
        Path csv = tmp.resolve("videos.csv");
        CliRunner.Run run = cli("classify", fakeWebm.toString(), realMp4.toString(), "--frames", "--out",
                csv.toString());
        assertEquals(0, run.exit(), run.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(ClassifyCommand.CSV_HEADER, lines.get(0));
        assertEquals(1 + 2 + 8, lines.size(), String.join("\n", lines));
        String[] fake = lines.get(1).split(",");
        assertEquals(fakeWebm.toString(), fake[0]);
        assertEquals("fake", fake[1], lines.get(1));
        assertEquals("video-gen", fake[6], "attributed to the generator of the frames it copies");
        assertEquals("fake", fake[9], "nearest known entry is one of the added frames");
        assertTrue(lines.get(3).startsWith(fakeWebm + "#t=1.0,fake,"), lines.get(3));
        String real = lines.stream().filter(l -> l.startsWith(realMp4 + ",")).findFirst().orElseThrow();
        assertEquals("real", real.split(",")[1], real);
        assertEquals(4, lines.stream().filter(l -> l.startsWith(realMp4 + "#t=")).count());
    }

    @Test
    @Order(3)
    void a_truncated_video_fails_alone_with_exit_code_3() throws Exception {
        byte[] whole = Files.readAllBytes(realMp4);
        Path cut = Files.write(tmp.resolve("cut.mp4"), Arrays.copyOf(whole, whole.length / 2));
        CliRunner.Run run = cli("classify", cut.toString(), realMp4.toString());
        assertEquals(3, run.exit(), run.err());
        assertTrue(run.err().contains("failed: " + cut), run.err());
        assertTrue(run.out().contains(realMp4 + ",real,"), "the other video is still classified: " + run.out());
    }

    @Test
    @Order(4)
    void a_missing_ffmpeg_is_exit_code_9_with_a_message() {
        CliRunner.Run run = cli("classify", realMp4.toString(), "--ffmpeg", "/nonexistent/bin/ffmpeg");
        assertEquals(9, run.exit(), run.err());
        assertTrue(run.err().contains("not installed"), run.err());
    }

    private static JsonNode json(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
