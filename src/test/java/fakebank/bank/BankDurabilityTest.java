package fakebank.bank;

import static fakebank.bank.TestBanks.DIM;
import static fakebank.bank.TestBanks.entry;
import static fakebank.bank.TestBanks.unit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fakebank.error.ConflictException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BankDurabilityTest {
    @TempDir
    Path dir;

    private final Random random = new Random(11);

    @Test
    void reopening_after_close_keeps_entries_tombstones_thumbnails_and_version() {
        float[] v = unit(random, DIM);
        String kept;
        String removed;
        long version;
        try (Bank bank = TestBanks.open(dir)) {
            kept = bank.add(entry(random, v)).id();
            removed = bank.add(entry(random, unit(random, DIM))).id();
            bank.remove(removed, "dup", "me");
            version = bank.version();
        }
        try (Bank bank = TestBanks.open(dir)) {
            assertEquals(kept, bank.search(v, 1, SearchFilter.NONE).getFirst().id());
            assertTrue(bank.require(removed).deleted());
            assertTrue(bank.thumbnail(kept).isPresent());
            assertEquals(version, bank.version());
            assertEquals(1, bank.stats().live());
        }
    }

    @Test
    void opening_with_another_encoder_or_dim_throws_conflict_naming_both() {
        TestBanks.open(dir).close();

        ConflictException e = assertThrows(ConflictException.class,
                () -> Bank.open(dir, "other@2", DIM, BankOptions.defaults()));
        assertTrue(e.getMessage().contains(TestBanks.ENCODER), e.getMessage());
        assertTrue(e.getMessage().contains("other@2"), e.getMessage());
        assertTrue(e.getMessage().contains("fakebank reindex --model"), e.getMessage());
        assertThrows(ConflictException.class, () -> Bank.open(dir, TestBanks.ENCODER, DIM + 1,
                BankOptions.defaults()));
    }

    @Test
    void opening_a_bank_that_is_already_open_is_a_conflict() {
        try (Bank bank = TestBanks.open(dir)) {
            assertThrows(ConflictException.class, () -> TestBanks.open(dir));
            bank.add(entry(random, unit(random, DIM)));
        }
    }

    @Test
    void acknowledged_adds_and_removes_survive_a_crash_before_any_commit() throws Exception {
        List<float[]> vectors = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        Bank bank = TestBanks.open(dir);
        for (int i = 0; i < 10; i++) {
            float[] v = unit(random, DIM);
            vectors.add(v);
            ids.add(bank.add(entry(random, v)).id());
        }
        List<NewEntry> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            float[] v = unit(random, DIM);
            vectors.add(v);
            batch.add(entry(random, v));
        }
        bank.addAll(batch).forEach(r -> ids.add(r.id()));
        bank.remove(ids.get(3), "crash test", "me");
        long version = bank.version();
        bank.closeWithoutCommit();
        assertTrue(Files.size(dir.resolve("journal.log")) > 0, "the changes are only in the journal");

        try (Bank reopened = TestBanks.open(dir)) {
            assertEquals(19, reopened.stats().live());
            assertTrue(reopened.require(ids.get(3)).deleted());
            assertEquals(ids.get(7), reopened.search(vectors.get(7), 1, SearchFilter.NONE).getFirst().id());
            assertEquals(ids.get(15), reopened.search(vectors.get(15), 1, SearchFilter.NONE).getFirst().id());
            assertEquals(version, reopened.version());
            assertEquals(0, Files.size(dir.resolve("journal.log")), "replayed, committed and emptied");
        }
        try (Bank again = TestBanks.open(dir)) {
            assertEquals(19, again.stats().live(), "replay is not repeated");
        }
    }

    @Test
    void replay_skips_changes_already_committed() throws Exception {
        Bank bank = TestBanks.open(dir);
        String id = bank.add(entry(random, unit(random, DIM))).id();
        List<String> journal = Files.readAllLines(dir.resolve("journal.log"));
        bank.commit();
        bank.closeWithoutCommit();
        // a crash between a commit and the journal truncation leaves already-committed lines behind
        Files.write(dir.resolve("journal.log"), journal);

        try (Bank reopened = TestBanks.open(dir)) {
            assertEquals(List.of(id), live(reopened));
            assertEquals(0, reopened.stats().deleted());
        }
    }

    @Test
    void a_torn_last_journal_line_is_ignored() throws Exception {
        Bank bank = TestBanks.open(dir);
        String id = bank.add(entry(random, unit(random, DIM))).id();
        bank.closeWithoutCommit();
        Files.writeString(dir.resolve("journal.log"), "{\"op\":\"add\",\"id\":\"0123456789abcdef\",\"sha2",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        try (Bank reopened = TestBanks.open(dir)) {
            assertEquals(List.of(id), live(reopened));
            assertEquals(0, Files.size(dir.resolve("journal.log")));
            reopened.add(entry(random, unit(random, DIM)));
            assertEquals(2, reopened.stats().live());
        }
    }

    @Test
    void a_torn_journal_record_does_not_swallow_the_record_written_after_it() throws Exception {
        Path journalFile = dir.resolve("journal.log");
        Bank bank = TestBanks.open(dir);
        String first = bank.add(entry(random, unit(random, DIM))).id();
        byte[] afterFirst = Files.readAllBytes(journalFile);
        bank.add(entry(random, unit(random, DIM)));
        byte[] afterSecond = Files.readAllBytes(journalFile);
        String third = bank.add(entry(random, unit(random, DIM))).id();
        byte[] all = Files.readAllBytes(journalFile);
        bank.closeWithoutCommit();
        // the second record was cut off mid-write (disk full); the third, written later, is glued onto the fragment
        int tornEnd = afterFirst.length + (afterSecond.length - afterFirst.length) / 2;
        java.io.ByteArrayOutputStream torn = new java.io.ByteArrayOutputStream();
        torn.write(all, 0, tornEnd);
        torn.write(all, afterSecond.length, all.length - afterSecond.length);
        Files.write(journalFile, torn.toByteArray());

        try (Bank reopened = TestBanks.open(dir)) {
            assertEquals(java.util.Set.of(first, third), java.util.Set.copyOf(live(reopened)));
        }
    }

    @Test
    void a_record_with_a_flipped_byte_is_skipped_and_the_rest_replayed() throws Exception {
        Path journalFile = dir.resolve("journal.log");
        Bank bank = TestBanks.open(dir);
        String first = bank.add(entry(random, unit(random, DIM))).id();
        int firstEnd = (int) Files.size(journalFile);
        bank.add(entry(random, unit(random, DIM)));
        int secondEnd = (int) Files.size(journalFile);
        String third = bank.add(entry(random, unit(random, DIM))).id();
        bank.closeWithoutCommit();
        byte[] all = Files.readAllBytes(journalFile);
        int inSecond = firstEnd + (secondEnd - firstEnd) * 2 / 3;
        all[inSecond] = (byte) (all[inSecond] == 'A' ? 'B' : 'A'); // still valid JSON text, wrong checksum
        Files.write(journalFile, all);

        try (Bank reopened = TestBanks.open(dir)) {
            assertEquals(java.util.Set.of(first, third), java.util.Set.copyOf(live(reopened)));
        }
    }

    @Test
    void the_background_commit_empties_the_journal() throws Exception {
        try (Bank bank = Bank.open(dir, TestBanks.ENCODER, DIM, BankOptions.defaults(), Duration.ofMillis(50))) {
            bank.add(entry(random, unit(random, DIM)));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (Files.size(dir.resolve("journal.log")) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(0, Files.size(dir.resolve("journal.log")));
        }
    }

    @Test
    void quantized_bank_reopens_and_still_searches() {
        float[] v = unit(random, DIM);
        String id;
        try (Bank bank = TestBanks.open(dir, TestBanks.quantized())) {
            id = bank.add(entry(random, v)).id();
            List<NewEntry> others = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                others.add(entry(random, unit(random, DIM)));
            }
            bank.addAll(others);
        }
        try (Bank bank = TestBanks.open(dir, TestBanks.quantized())) {
            Match top = bank.search(v, 1, SearchFilter.NONE).getFirst();
            assertEquals(id, top.id());
            assertTrue(top.similarity() > 0.999f, "similarity " + top.similarity());
        }
    }

    private static List<String> live(Bank bank) {
        List<String> ids = new ArrayList<>();
        bank.forEachLive(v -> ids.add(v.id()));
        return ids;
    }
}
