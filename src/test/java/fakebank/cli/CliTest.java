package fakebank.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fakebank.testing.TestImages;
import fakebank.testing.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI end to end on a real bank in a temp folder with the real default model: a folder in the real/ and
 * fake/<generator>/ layout (images the test makes) plus one broken file.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliTest {
    @TempDir
    static Path tmp;
    static Path images;
    static Path index;

    @BeforeAll
    static void makeImages() throws Exception {
        images = tmp.resolve("images");
        index = tmp.resolve("index");
        Files.createDirectories(images.resolve("real"));
        Files.createDirectories(images.resolve("fake/noisegen"));
        for (int i = 0; i < 5; i++) {
            Files.write(images.resolve("real/photo_" + i + ".png"), TestImages.png(TestImages.gradient(100 + i, 96)));
            Files.write(images.resolve("fake/noisegen/gen_" + i + ".png"), TestImages.png(TestImages.noise(200 + i, 96)));
        }
        byte[] good = TestImages.png(TestImages.noise(999, 96));
        Files.write(images.resolve("fake/noisegen/broken.png"), TestImages.truncated(good, 40));
    }

    private static String[] withBank(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--index";
        all[args.length + 1] = index.toString();
        all[args.length + 2] = "--model";
        all[args.length + 3] = TestPaths.defaultModel().toString();
        return all;
    }

    private static String[] withEmptyBank(String... args) {
        String[] bank = withBank(args);
        String[] all = java.util.Arrays.copyOf(bank, bank.length + 2);
        all[bank.length] = "--seed";
        all[bank.length + 1] = "none";
        return all;
    }

    @Test
    @Order(0)
    void a_store_url_that_is_not_solr_is_a_usage_error() {
        CliRunner.Run run = CliRunner.run(withEmptyBank("stats", "--store", "http://127.0.0.1:1/solr/x"));
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains("solr:"), "says what a store URL looks like: " + run.err());
    }

    @Test
    @Order(1)
    void add_reads_labels_from_the_folder_layout_and_lists_failures_without_stopping() {
        CliRunner.Run run = CliRunner.run(withEmptyBank("add", images.toString()));
        assertEquals(3, run.exit(), "a failed file makes the exit code 3: " + run.err());
        assertTrue(run.out().contains("added=10 duplicates=0 failed=1"), run.out());
        assertTrue(run.err().contains("broken.png"), "the failure names the file: " + run.err());
    }

    @Test
    @Order(2)
    void rerunning_the_same_import_adds_nothing() {
        CliRunner.Run run = CliRunner.run(withBank("add", images.toString()));
        assertTrue(run.out().contains("added=0 duplicates=10 failed=1"), run.out());
    }

    @Test
    @Order(3)
    void stats_counts_by_label_and_generator() throws Exception {
        CliRunner.Run run = CliRunner.run(withBank("stats"));
        JsonNode stats = new ObjectMapper().readTree(run.out());
        assertEquals(10, stats.get("live").asInt());
        assertEquals(5, stats.get("by_label").get("fake").asInt());
        assertEquals(5, stats.get("by_generator").get("noisegen").asInt());
    }

    @Test
    @Order(4)
    void classify_writes_csv_with_exactly_the_documented_columns() throws Exception {
        Path csv = tmp.resolve("out.csv");
        CliRunner.Run run = CliRunner.run(withBank("classify", images.toString(), "--out", csv.toString()));
        List<String> lines = Files.readAllLines(csv);
        assertEquals("file,verdict,p_fake,p_fake_knn,p_fake_probe,family,generator,nearest_id,nearest_similarity,"
                + "nearest_label,reasons,metadata,known_match,match_type", lines.get(0));
        assertEquals(11, lines.size(), "header + 10 readable images: " + run.err());
        String fakeRow = lines.stream().filter(l -> l.contains("gen_0.png")).findFirst().orElseThrow();
        assertTrue(fakeRow.startsWith(images + "/fake/noisegen/gen_0.png,"), "file as given joined with the path");
        String[] cells = fakeRow.split(",", -1);
        assertEquals(14, cells.length, fakeRow);
        assertEquals("fake", cells[9], "its nearest neighbour is itself, a fake: " + fakeRow);
        assertTrue(cells[10].startsWith("known_match"), "a copy of a known fake says so first: " + fakeRow);
        assertTrue(Double.parseDouble(cells[8]) >= 0.99, fakeRow);
        assertEquals(cells[7], cells[12], "it is that bank entry: " + fakeRow);
        assertEquals("exact", cells[13], "the same bytes: " + fakeRow);
    }

    @Test
    @Order(5)
    void search_finds_the_image_itself_first_and_remove_makes_it_disappear() throws Exception {
        Path image = images.resolve("real/photo_2.png");
        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(CliRunner.run(withBank("search", image.toString(), "-k", "3")).out())
                .get("matches").get(0);
        assertTrue(first.get("similarity").asDouble() >= 0.99, first.toString());
        String id = first.get("id").asText();

        CliRunner.Run removed = CliRunner.run(withBank("remove", id, "--reason", "test"));
        assertEquals(0, removed.exit(), removed.err());
        JsonNode after = json.readTree(CliRunner.run(withBank("search", image.toString(), "-k", "3")).out());
        for (JsonNode m : after.get("matches")) {
            assertFalse(m.get("id").asText().equals(id), "removed entry came back: " + after);
        }
        JsonNode entry = json.readTree(CliRunner.run(withBank("get", id)).out());
        assertTrue(entry.get("deleted").asBoolean(), entry.toString());
    }

    @Test
    @Order(6)
    void unknown_id_is_exit_code_4_with_a_message() {
        CliRunner.Run run = CliRunner.run(withBank("get", "nope"));
        assertEquals(4, run.exit());
        assertTrue(run.err().contains("nope"), run.err());
    }

    @Test
    @Order(7)
    void eval_scores_labelled_images_against_the_bank_with_robustness_rows() throws Exception {
        Path prefix = tmp.resolve("report");
        CliRunner.Run run = CliRunner.run(withBank("eval", images.resolve("real").toString(),
                images.resolve("fake").toString(), "--out", prefix.toString()));
        assertEquals(0, run.exit(), run.err());
        String md = Files.readString(Path.of(prefix + ".md"));
        assertTrue(md.contains("| held-out vs bank | 10 | 5 | 5 |"), md);
        for (String row : new String[] {"jpeg q90", "jpeg q75", "jpeg q50", "half size", "blur sigma 1"}) {
            assertTrue(md.contains("| " + row + " |"), "robustness row " + row + ": " + md);
        }
        JsonNode json = new ObjectMapper().readTree(Path.of(prefix + ".json").toFile());
        assertEquals(10, json.get("settings").get(0).get("n").asInt());
    }

    @Test
    void eval_cross_validates_with_folds_that_keep_a_generator_on_one_side() throws Exception {
        Path prefix = tmp.resolve("cv");
        CliRunner.Run run = CliRunner.run("eval", images.resolve("real").toString(),
                images.resolve("fake").toString(), "--cv", "2", "--no-robustness", "--out", prefix.toString(),
                "--index", tmp.resolve("cv-index").toString(), "--seed", "none", "--model",
                TestPaths.defaultModel().toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(Files.readString(Path.of(prefix + ".md")).contains("| grouped 2-fold | 10 |"), run.out());
    }

    @Test
    void embed_prints_one_json_line_per_image_with_the_vector_on_request() throws Exception {
        CliRunner.Run run = CliRunner.run("embed", images.resolve("real").toString(), "--vectors", "--model",
                TestPaths.defaultModel().toString());
        String[] lines = run.out().strip().split("\n");
        assertEquals(5, lines.length, run.out());
        JsonNode line = new ObjectMapper().readTree(lines[0]);
        assertEquals("mobilenet-v2-140-nsfwjs@1", line.get("model").asText());
        assertEquals(1792, line.get("dim").asInt());
        assertEquals(1792, line.get("vector").size());
        assertTrue(line.get("file").asText().endsWith("photo_0.png"));
    }

    @Test
    void bench_embed_repeats_the_timed_passes_over_the_images_when_asked() throws Exception {
        CliRunner.Run run = CliRunner.run("bench", "embed", images.resolve("real").toString(), "--batches", "1",
                "--repeat", "3", "--json", "--model", TestPaths.defaultModel().toString());
        assertEquals(0, run.exit(), run.err());
        JsonNode line = new ObjectMapper().readTree(run.out().strip());
        assertEquals(5, line.get("images").asInt(), run.out());
        assertEquals(3, line.get("repeat").asInt(), run.out());
        assertTrue(line.get("serial_img_s").asDouble() > 0, run.out());
        assertTrue(line.get("serial_cpu_ms").asDouble() > 0, "the serial pass used CPU: " + run.out());
    }

    @Test
    void bench_embed_streams_one_line_per_image_stamped_with_the_time_until_its_seconds_are_up() throws Exception {
        long started = System.currentTimeMillis();
        CliRunner.Run run = CliRunner.run("bench", "embed", images.resolve("real").toString(), "--stream", "1.5",
                "--model", TestPaths.defaultModel().toString());
        long ended = System.currentTimeMillis();
        assertEquals(0, run.exit(), run.err());
        List<JsonNode> lines = new ArrayList<>();
        for (String line : run.out().strip().split("\n")) {
            lines.add(new ObjectMapper().readTree(line));
        }
        assertTrue(lines.size() >= 5, "more than one round of the 5 images in 1.5 s: " + run.out());
        long previous = started;
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(i + 1, lines.get(i).get("images").asLong(), "a running count: " + lines.get(i));
            long t = lines.get(i).get("t_ms").asLong();
            assertTrue(t >= previous && t <= ended, "wall-clock times within the run, in order: " + lines.get(i));
            previous = t;
        }
        long span = lines.get(lines.size() - 1).get("t_ms").asLong() - lines.get(0).get("t_ms").asLong();
        assertTrue(span >= 1200 && span < 10_000, "stops once its 1.5 s are up, not before: " + span + " ms");
    }

    @Test
    void bench_embed_refuses_a_stream_of_no_time() {
        CliRunner.Run run = CliRunner.run("bench", "embed", images.resolve("real").toString(), "--stream", "0",
                "--model", TestPaths.defaultModel().toString());
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains("--stream must be a positive number of seconds"), run.err());
    }

    @Test
    void bench_embed_refuses_a_repeat_below_one() {
        CliRunner.Run run = CliRunner.run("bench", "embed", images.resolve("real").toString(), "--repeat", "0",
                "--model", TestPaths.defaultModel().toString());
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains("--repeat must be at least 1"), run.err());
    }

    @Test
    void a_missing_model_folder_is_a_clear_configuration_error() {
        CliRunner.Run run = CliRunner.run("embed", images.toString(), "--model", tmp.resolve("nomodel").toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("no model.json"), run.err());
    }

    @Test
    void a_manifest_imports_with_paths_relative_to_the_csv() throws Exception {
        Path csv = images.resolve("manifest.csv");
        Files.writeString(csv, "file,label,generator,source\n"
                + "real/photo_0.png,real,camera,\"github:example/photos@abc:a,b.jpg\"\n"
                + "fake/noisegen/gen_0.png,fake,noisegen,somewhere\n");
        Path other = tmp.resolve("manifest-index");
        CliRunner.Run run = CliRunner.run("add", csv.toString(), "--index", other.toString(), "--seed", "none",
                "--model", TestPaths.defaultModel().toString(), "--no-train");
        assertTrue(run.out().contains("added=2 duplicates=0 failed=0"), run.out() + run.err());
    }
}
