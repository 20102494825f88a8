package fakebank.bank;

import static fakebank.bank.TestBanks.DIM;
import static fakebank.bank.TestBanks.entry;
import static fakebank.bank.TestBanks.near;
import static fakebank.bank.TestBanks.unit;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fakebank.error.BadRequestException;
import fakebank.error.NotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BankTest {
    @TempDir
    Path dir;

    private final Random random = new Random(7);

    @Test
    void added_entry_is_found_first_by_its_own_vector_with_similarity_at_least_0_99() {
        try (Bank bank = TestBanks.open(dir)) {
            List<NewEntry> others = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                others.add(entry(random, unit(random, DIM)));
            }
            bank.addAll(others);
            float[] v = unit(random, DIM);
            AddResult added = bank.add(entry(random, v));

            List<Match> matches = bank.search(v, 5, SearchFilter.NONE);

            assertEquals(added.id(), matches.getFirst().id());
            assertTrue(matches.getFirst().similarity() >= 0.99f, "similarity " + matches.getFirst().similarity());
            assertEquals(5, matches.size());
            assertEquals(matches.stream().sorted().toList(), matches, "sorted by similarity then id");
        }
    }

    @Test
    void matches_tied_on_similarity_are_ordered_by_id_whatever_k() {
        try (Bank bank = TestBanks.open(dir)) {
            float[] v = unit(random, DIM);
            List<NewEntry> same = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                same.add(entry(random, v.clone())); // twelve entries at exactly the same point
            }
            bank.addAll(same);
            List<Match> all = bank.search(v, 12, SearchFilter.NONE);
            assertEquals(12, all.size());
            for (int k : new int[] {1, 3, 5}) {
                // the search reads stored fields for the best k only, plus everything tied with the k-th
                assertEquals(all.subList(0, k), bank.search(v, k, SearchFilter.NONE), "k = " + k);
            }
            List<String> ids = all.stream().map(Match::id).toList();
            assertEquals(ids.stream().sorted().toList(), ids, "equal similarity: ordered by id");
        }
    }

    @Test
    void get_returns_what_was_added_with_a_stable_id() {
        try (Bank bank = TestBanks.open(dir)) {
            byte[] original = {1, 2, 3};
            NewEntry e = new NewEntry(fakebank.hash.Sha256.hex(original), unit(random, DIM), new byte[] {9, 9},
                    original, new EntryMeta(Label.FAKE, "Midjourney v6", null, "web", "a note", "ann"));
            AddResult r = bank.add(e);

            Entry got = bank.require(r.id());

            assertEquals(16, r.id().length());
            assertFalse(r.duplicate());
            assertEquals(e.sha256(), got.sha256());
            assertEquals(Label.FAKE, got.label());
            assertEquals("Midjourney v6", got.generator());
            assertEquals(Family.DIFFUSION, got.family());
            assertEquals("web", got.source());
            assertEquals("a note", got.note());
            assertEquals("ann", got.addedBy());
            assertEquals(TestBanks.ENCODER, got.encoder());
            assertTrue(got.hasThumbnail());
            assertTrue(got.hasOriginal());
            assertFalse(got.deleted());
            assertArrayEquals(new byte[] {9, 9}, bank.thumbnail(r.id()).orElseThrow());
            assertArrayEquals(new byte[] {1, 2, 3}, bank.original(r.id()).orElseThrow());
            assertEquals(r.id(), bank.idForSha256(e.sha256()).orElseThrow());
            assertTrue(Files.exists(dir.resolve("originals").resolve(e.sha256().substring(0, 2)).resolve(e.sha256())));
        }
    }

    @Test
    void exact_duplicate_returns_existing_id_and_adds_nothing() {
        try (Bank bank = TestBanks.open(dir)) {
            NewEntry e = entry(random, unit(random, DIM));
            AddResult first = bank.add(e);
            long version = bank.version();

            AddResult again = bank.add(new NewEntry(e.sha256(), unit(random, DIM), null, null,
                    new EntryMeta(Label.REAL, null, null, null, null, "bob")));

            assertTrue(again.duplicate());
            assertEquals(first.id(), again.id());
            assertEquals(1, bank.stats().live());
            assertEquals(version, bank.version());
        }
    }

    @Test
    void add_all_returns_results_in_input_order_and_dedupes_within_the_batch() {
        try (Bank bank = TestBanks.open(dir)) {
            NewEntry a = entry(random, unit(random, DIM));
            NewEntry b = entry(random, unit(random, DIM));

            List<AddResult> results = bank.addAll(List.of(a, b, a));

            assertEquals(a.sha256(), results.get(0).sha256());
            assertEquals(b.sha256(), results.get(1).sha256());
            assertTrue(results.get(2).duplicate());
            assertEquals(results.get(0).id(), results.get(2).id());
            assertEquals(2, bank.stats().live());
        }
    }

    @Test
    void add_all_with_one_bad_entry_writes_nothing() {
        try (Bank bank = TestBanks.open(dir)) {
            NewEntry good = entry(random, unit(random, DIM));
            NewEntry bad = entry(random, new float[DIM + 1]);

            BadRequestException e = assertThrows(BadRequestException.class, () -> bank.addAll(List.of(good, bad)));

            assertTrue(e.getMessage().startsWith("entry 1: "), e.getMessage());
            assertEquals(0, bank.stats().live());
        }
    }

    @Test
    void near_duplicate_is_flagged_but_still_added() {
        try (Bank bank = TestBanks.open(dir)) {
            float[] v = unit(random, DIM);
            AddResult original = bank.add(entry(random, v));
            AddResult unrelated = bank.add(entry(random, unit(random, DIM)));

            AddResult near = bank.add(entry(random, near(v, 0.05f, random)));

            assertNull(unrelated.nearDuplicateOf());
            assertFalse(near.duplicate());
            assertEquals(original.id(), near.nearDuplicateOf());
            assertTrue(near.nearSimilarity() >= 0.97f, "similarity " + near.nearSimilarity());
            assertNotEquals(original.id(), near.id());
            assertEquals(3, bank.stats().live());
        }
    }

    @Test
    void near_duplicates_within_one_batch_are_flagged() {
        try (Bank bank = TestBanks.open(dir)) {
            float[] v = unit(random, DIM);

            List<AddResult> results = bank.addAll(List.of(entry(random, v), entry(random, near(v, 0.05f, random))));

            assertEquals(results.get(0).id(), results.get(1).nearDuplicateOf());
        }
    }

    @Test
    void removed_entry_stops_matching_at_once_and_get_shows_it_deleted() {
        try (Bank bank = TestBanks.open(dir)) {
            float[] v = unit(random, DIM);
            NewEntry e = entry(random, v);
            String id = bank.add(e).id();
            String other = bank.add(entry(random, unit(random, DIM))).id();

            bank.remove(id, "mislabelled", "carol");

            List<Match> matches = bank.search(v, 10, SearchFilter.NONE);
            assertEquals(List.of(other), matches.stream().map(Match::id).toList());
            Entry got = bank.require(id);
            assertTrue(got.deleted());
            assertEquals("mislabelled", got.deleteReason());
            assertTrue(bank.idForSha256(e.sha256()).isEmpty());
            assertEquals(1, bank.stats().live());
            assertEquals(1, bank.stats().deleted());
            assertEquals(List.of(other), live(bank));
        }
    }

    @Test
    void removing_an_unknown_or_already_removed_id_throws_not_found() {
        try (Bank bank = TestBanks.open(dir)) {
            String id = bank.add(entry(random, unit(random, DIM))).id();
            bank.remove(id, "test", "me");

            assertThrows(NotFoundException.class, () -> bank.remove(id, "again", "me"));
            NotFoundException e = assertThrows(NotFoundException.class, () -> bank.remove("nope", "x", "me"));
            assertEquals("no bank entry with id nope", e.getMessage());
            assertThrows(NotFoundException.class, () -> bank.require("nope"));
            assertTrue(bank.get("nope").isEmpty());
        }
    }

    @Test
    void the_same_image_added_again_after_removal_gets_a_new_id() {
        try (Bank bank = TestBanks.open(dir)) {
            NewEntry e = entry(random, unit(random, DIM));
            String first = bank.add(e).id();
            bank.remove(first, "test", "me");

            AddResult again = bank.add(e);

            assertFalse(again.duplicate());
            assertNotEquals(first, again.id());
            assertEquals(again.id(), bank.idForSha256(e.sha256()).orElseThrow());
        }
    }

    @Test
    void search_filters_by_label_generator_family_and_added_after() throws InterruptedException {
        try (Bank bank = TestBanks.open(dir)) {
            float[] q = unit(random, DIM);
            String real = bank.add(entry(random, near(q, 0.5f, random), Label.REAL, null)).id();
            String sdxl = bank.add(entry(random, near(q, 0.5f, random), Label.FAKE, "SDXL")).id();
            String gan = bank.add(entry(random, near(q, 0.5f, random), Label.FAKE, "StyleGAN2")).id();
            Thread.sleep(5);
            Instant cut = Instant.now();
            Thread.sleep(5);
            String late = bank.add(entry(random, near(q, 0.5f, random), Label.FAKE, "sdxl")).id();

            assertEquals(List.of(real), ids(bank.search(q, 10, new SearchFilter(Label.REAL, null, null, null))));
            assertEquals(sorted(sdxl, late), sorted(ids(bank.search(q, 10,
                    new SearchFilter(null, "sdxl", null, null)))), "generator filter ignores case");
            assertEquals(List.of(gan), ids(bank.search(q, 10, new SearchFilter(null, null, Family.GAN, null))));
            assertEquals(List.of(late), ids(bank.search(q, 10, new SearchFilter(null, null, null, cut))));
            assertEquals(List.of(), ids(bank.search(q, 10, new SearchFilter(Label.REAL, null, Family.GAN, null))));
            assertEquals(4, bank.search(q, 10, null).size());
        }
    }

    @Test
    void stats_count_live_entries_by_label_family_and_generator() {
        try (Bank bank = TestBanks.open(dir)) {
            bank.add(entry(random, unit(random, DIM), Label.REAL, null));
            bank.add(entry(random, unit(random, DIM), Label.FAKE, "sdxl"));
            bank.add(entry(random, unit(random, DIM), Label.FAKE, "sdxl"));
            String gan = bank.add(entry(random, unit(random, DIM), Label.FAKE, "stylegan")).id();
            bank.remove(gan, "test", "me");

            BankStats s = bank.stats();

            assertEquals(3, s.live());
            assertEquals(1, s.deleted());
            assertEquals(Map.of("real", 1L, "fake", 2L), s.byLabel());
            assertEquals(Map.of("unknown", 1L, "diffusion", 2L), s.byFamily());
            assertEquals(Map.of("sdxl", 2L), s.byGenerator());
            assertEquals(TestBanks.ENCODER, s.encoder());
            assertEquals(DIM, s.dim());
            assertEquals(5, s.version());
            assertTrue(s.bytesOnDisk() > 0);
        }
    }

    @Test
    void version_grows_with_every_change_and_not_on_reads() {
        try (Bank bank = TestBanks.open(dir)) {
            long v0 = bank.version();
            String id = bank.add(entry(random, unit(random, DIM))).id();
            long v1 = bank.version();
            bank.search(unit(random, DIM), 3, SearchFilter.NONE);
            bank.stats();
            long v2 = bank.version();
            bank.remove(id, "r", "me");
            long v3 = bank.version();

            assertTrue(v1 > v0);
            assertEquals(v1, v2);
            assertTrue(v3 > v2);
        }
    }

    @Test
    void bad_vectors_thumbnails_and_digests_are_bad_requests() {
        try (Bank bank = TestBanks.open(dir)) {
            assertThrows(BadRequestException.class, () -> bank.add(entry(random, unit(random, DIM + 1))));
            assertThrows(BadRequestException.class, () -> bank.add(entry(random, new float[DIM])));
            assertThrows(BadRequestException.class, () -> bank.search(unit(random, 7), 3, SearchFilter.NONE));
            assertThrows(BadRequestException.class, () -> bank.search(unit(random, DIM), 0, SearchFilter.NONE));
            NewEntry big = new NewEntry("ab".repeat(32), unit(random, DIM), new byte[Bank.MAX_THUMBNAIL_BYTES + 1],
                    null, new EntryMeta(Label.REAL, null, null, null, null, null));
            assertThrows(BadRequestException.class, () -> bank.add(big));
            NewEntry wrongDigest = new NewEntry("ab".repeat(32), unit(random, DIM), null, new byte[] {1},
                    new EntryMeta(Label.REAL, null, null, null, null, null));
            assertThrows(BadRequestException.class, () -> bank.add(wrongDigest));
            NewEntry notHex = new NewEntry("zz".repeat(32), unit(random, DIM), null, null,
                    new EntryMeta(Label.REAL, null, null, null, null, null));
            assertThrows(BadRequestException.class, () -> bank.add(notHex));
            assertEquals(0, bank.stats().live());
        }
    }

    @Test
    void vectors_that_are_not_unit_length_are_normalised() {
        try (Bank bank = TestBanks.open(dir)) {
            float[] v = unit(random, DIM);
            float[] scaled = v.clone();
            for (int i = 0; i < scaled.length; i++) {
                scaled[i] *= 3;
            }
            String id = bank.add(entry(random, scaled)).id();

            Match m = bank.search(v, 1, SearchFilter.NONE).getFirst();

            assertEquals(id, m.id());
            assertEquals(1f, m.similarity(), 1e-3f);
        }
    }

    @Test
    void for_each_live_streams_vectors_and_labels_of_live_entries_only() {
        try (Bank bank = TestBanks.open(dir)) {
            float[] v = unit(random, DIM);
            String keep = bank.add(entry(random, v, Label.REAL, null)).id();
            String gone = bank.add(entry(random, unit(random, DIM))).id();
            bank.remove(gone, "x", "me");

            List<LabeledVector> all = new ArrayList<>();
            bank.forEachLive(all::add);

            assertEquals(1, all.size());
            assertEquals(keep, all.getFirst().id());
            assertEquals(Label.REAL, all.getFirst().label());
            assertArrayEquals(v, all.getFirst().vector(), 1e-6f);
        }
    }

    @Test
    void originals_are_not_kept_when_the_options_say_so() {
        BankOptions d = BankOptions.defaults();
        BankOptions noOriginals = new BankOptions(false, d.nearDuplicateThreshold(), d.searchWidth(), d.hnswM(),
                d.hnswBeamWidth(), false);
        try (Bank bank = TestBanks.open(dir, noOriginals)) {
            String id = bank.add(entry(random, unit(random, DIM))).id();

            assertFalse(bank.require(id).hasOriginal());
            assertTrue(bank.original(id).isEmpty());
            assertFalse(Files.exists(dir.resolve("originals")));
        }
    }

    @Test
    void audit_log_records_adds_duplicates_removes_and_outside_actions() throws Exception {
        try (Bank bank = TestBanks.open(dir)) {
            NewEntry e = entry(random, unit(random, DIM));
            String id = bank.add(e).id();
            bank.add(e);
            bank.remove(id, "bad label", "dora");
            bank.audit("trainer", "retrain", "probe v3");
        }
        List<String> lines = Files.readAllLines(dir.resolve("audit.log"));
        List<String> actions = lines.stream().map(l -> RecordJson.parse(l).get("action").asText()).toList();
        assertEquals(List.of("add", "duplicate", "remove", "retrain"), actions);
        assertEquals("dora", RecordJson.parse(lines.get(2)).get("by").asText());
        assertEquals("probe v3", RecordJson.parse(lines.get(3)).get("details").asText());
        assertTrue(RecordJson.parse(lines.get(0)).has("at"));
    }

    @Test
    void quantized_bank_finds_self_with_full_precision_similarity() {
        try (Bank bank = TestBanks.open(dir, TestBanks.quantized())) {
            List<float[]> vectors = new ArrayList<>();
            List<NewEntry> entries = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                float[] v = unit(random, DIM);
                vectors.add(v);
                entries.add(entry(random, v));
            }
            List<AddResult> added = bank.addAll(entries);
            bank.commit();

            for (int i = 0; i < 20; i++) {
                Match top = bank.search(vectors.get(i), 3, SearchFilter.NONE).getFirst();
                assertEquals(added.get(i).id(), top.id());
                assertEquals(1f, top.similarity(), 1e-4f, "rescored with the float vector");
            }
        }
    }

    @Test
    void calls_after_close_fail_clearly() {
        Bank bank = TestBanks.open(dir);
        bank.close();
        bank.close();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> bank.search(unit(random, DIM), 1, SearchFilter.NONE));
        assertTrue(e.getMessage().contains("closed"));
    }

    private static List<String> ids(List<Match> matches) {
        return matches.stream().map(Match::id).toList();
    }

    private static List<String> sorted(String... ids) {
        return java.util.Arrays.stream(ids).sorted().toList();
    }

    private static List<String> sorted(List<String> ids) {
        return ids.stream().sorted().toList();
    }

    private static List<String> live(Bank bank) {
        List<String> ids = new ArrayList<>();
        bank.forEachLive(v -> ids.add(v.id()));
        return ids;
    }
}
