package fakebank.bank;

import static fakebank.bank.TestBanks.DIM;
import static fakebank.bank.TestBanks.entry;
import static fakebank.bank.TestBanks.unit;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import fakebank.error.ConflictException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BankFileTest {
    @TempDir
    Path tmp;

    private final Random random = new Random(23);

    @Test
    void export_then_import_into_a_fresh_bank_gives_the_same_ids_metadata_and_search_results() {
        Path file = tmp.resolve("bank.fbk.gz");
        List<float[]> queries = new ArrayList<>();
        List<List<Match>> expected = new ArrayList<>();
        String removed;
        String kept;
        try (Bank source = TestBanks.open(tmp.resolve("a"))) {
            List<NewEntry> entries = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                entries.add(entry(random, unit(random, DIM), i % 3 == 0 ? Label.REAL : Label.FAKE,
                        i % 3 == 0 ? null : "gen-" + (i % 4)));
            }
            source.addAll(entries);
            removed = source.search(unit(random, DIM), 1, SearchFilter.NONE).getFirst().id();
            source.remove(removed, "test", "me");
            kept = source.search(unit(random, DIM), 1, SearchFilter.NONE).getFirst().id();
            for (int i = 0; i < 10; i++) {
                float[] q = unit(random, DIM);
                queries.add(q);
                expected.add(source.search(q, 5, SearchFilter.NONE));
            }
            Bank.export(source, file, true);

            try (Bank copy = TestBanks.open(tmp.resolve("b"))) {
                ImportSummary summary = copy.importFile(file, "importer");

                assertEquals(new ImportSummary(119, 0, 0, List.of()), summary);
                for (int i = 0; i < queries.size(); i++) {
                    List<Match> got = copy.search(queries.get(i), 5, SearchFilter.NONE);
                    assertEquals(ids(expected.get(i)), ids(got));
                    for (int j = 0; j < got.size(); j++) {
                        assertEquals(expected.get(i).get(j).similarity(), got.get(j).similarity(), 1e-5f);
                    }
                }
                assertTrue(copy.get(removed).isEmpty(), "removed entries are not exported");
                Entry a = source.require(kept);
                Entry b = copy.require(kept);
                assertTrue(a.hasOriginal());
                assertEquals(new Entry(a.id(), a.sha256(), a.label(), a.generator(), a.family(), a.source(), a.note(),
                        a.addedAt(), a.addedBy(), a.encoder(), a.hasThumbnail(), false, false, null), b,
                        "same id, sha256, labels, added_at and added_by");
                assertArrayEquals(source.thumbnail(kept).orElseThrow(), copy.thumbnail(kept).orElseThrow());
                assertFalse(b.hasOriginal(), "originals do not travel in bank files");
                assertEquals(source.stats().byLabel(), copy.stats().byLabel());
                assertEquals(source.stats().byGenerator(), copy.stats().byGenerator());
            }
        }
    }

    @Test
    void importing_the_same_file_twice_adds_nothing_the_second_time() {
        Path file = tmp.resolve("bank.fbk.gz");
        try (Bank source = TestBanks.open(tmp.resolve("a"))) {
            List<NewEntry> entries = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                entries.add(entry(random, unit(random, DIM)));
            }
            source.addAll(entries);
            Bank.export(source, file, false);
        }
        try (Bank copy = TestBanks.open(tmp.resolve("b"))) {
            assertEquals(30, copy.importFile(file, "me").added());
            long version = copy.version();

            ImportSummary again = copy.importFile(file, "me");

            assertEquals(new ImportSummary(0, 30, 0, List.of()), again);
            assertEquals(30, copy.stats().live());
            assertEquals(version, copy.version());
        }
    }

    @Test
    void importing_into_the_exporting_bank_counts_duplicates_even_for_entries_removed_since() {
        Path file = tmp.resolve("bank.fbk.gz");
        try (Bank bank = TestBanks.open(tmp.resolve("a"))) {
            String id = bank.add(entry(random, unit(random, DIM))).id();
            bank.add(entry(random, unit(random, DIM)));
            Bank.export(bank, file, false);
            bank.remove(id, "wrong", "me");

            ImportSummary summary = bank.importFile(file, "me");

            assertEquals(new ImportSummary(0, 2, 0, List.of()), summary);
            assertTrue(bank.require(id).deleted(), "an import does not resurrect a removal");
        }
    }

    @Test
    void the_file_is_gzip_json_lines_with_a_header_and_optional_thumbnails() throws Exception {
        Path with = tmp.resolve("with.gz");
        Path without = tmp.resolve("without.gz");
        try (Bank bank = TestBanks.open(tmp.resolve("a"))) {
            bank.add(entry(random, unit(random, DIM), Label.FAKE, "sdxl"));
            Bank.export(bank, with, true);
            Bank.export(bank, without, false);
        }
        List<String> lines = gunzipLines(with);
        JsonNode header = RecordJson.parse(lines.get(0));
        assertEquals("fakebank-bank", header.get("format").asText());
        assertEquals(1, header.get("format_version").asInt());
        assertEquals(TestBanks.ENCODER, header.get("encoder").asText());
        assertEquals(DIM, header.get("dim").asInt());
        assertEquals(1, header.get("count").asInt());
        assertTrue(header.has("exported_at"));
        JsonNode entry = RecordJson.parse(lines.get(1));
        for (String field : List.of("id", "sha256", "label", "generator", "family", "source", "added_at",
                "added_by", "vector", "thumbnail")) {
            assertTrue(entry.has(field), field + " in " + entry);
        }
        assertEquals(DIM, RecordJson.decodeVector(entry.get("vector").asText()).length);
        assertFalse(RecordJson.parse(gunzipLines(without).get(1)).has("thumbnail"));
    }

    @Test
    void importing_a_file_of_another_encoder_is_a_conflict() throws Exception {
        Path file = tmp.resolve("other.gz");
        writeGzip(file, "{\"format\":\"fakebank-bank\",\"format_version\":1,\"encoder\":\"clip@9\",\"dim\":" + DIM
                + ",\"count\":0}");
        try (Bank bank = TestBanks.open(tmp.resolve("a"))) {
            ConflictException e = assertThrows(ConflictException.class, () -> bank.importFile(file, "me"));
            assertTrue(e.getMessage().contains("clip@9") && e.getMessage().contains(TestBanks.ENCODER),
                    e.getMessage());
        }
    }

    @Test
    void bad_lines_are_counted_as_failed_and_the_rest_is_imported() throws Exception {
        Path good = tmp.resolve("good.gz");
        try (Bank source = TestBanks.open(tmp.resolve("a"))) {
            source.add(entry(random, unit(random, DIM)));
            source.add(entry(random, unit(random, DIM)));
            Bank.export(source, good, false);
        }
        List<String> lines = new ArrayList<>(gunzipLines(good));
        lines.add(2, "{not json");
        lines.add("{\"id\":\"x1\",\"sha256\":\"" + "cd".repeat(32) + "\",\"label\":\"fake\",\"added_at\":"
                + "\"2024-01-01T00:00:00Z\",\"vector\":\"" + RecordJson.encodeVector(new float[3]) + "\"}");
        Path file = tmp.resolve("mixed.gz");
        writeGzip(file, lines.toArray(String[]::new));

        try (Bank bank = TestBanks.open(tmp.resolve("b"))) {
            ImportSummary s = bank.importFile(file, "me");

            assertEquals(2, s.added());
            assertEquals(2, s.failed());
            assertTrue(s.errors().get(0).startsWith("line 3: malformed JSON"), s.errors().toString());
            assertTrue(s.errors().get(1).contains("dimensions"), s.errors().toString());
        }
    }

    private static List<String> ids(List<Match> matches) {
        return matches.stream().map(Match::id).toList();
    }

    private static List<String> gunzipLines(Path file) throws Exception {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            return r.lines().toList();
        }
    }

    private static void writeGzip(Path file, String... lines) throws Exception {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write((String.join("\n", Arrays.asList(lines)) + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }
}
