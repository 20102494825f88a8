package fakebank.bank;

import static fakebank.bank.TestBanks.DIM;
import static fakebank.bank.TestBanks.unit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A takedown removes the image itself: thumbnail and original bytes leave the disk; the audit keeps who and why. */
class BankTakedownTest {
    @TempDir
    Path dir;

    private final Random random = new Random(23);

    @Test
    void remove_purges_the_thumbnail_and_the_original_and_keeps_sha256_and_reason_in_the_audit() throws Exception {
        byte[] thumbnail = TestBanks.bytes(random, 300);
        byte[] original = TestBanks.bytes(random, 500);
        String sha = fakebank.hash.Sha256.hex(original);
        NewEntry e = new NewEntry(sha, unit(random, DIM), thumbnail, original,
                new EntryMeta(Label.FAKE, "sdxl", null, "src", null, "tester"));
        String id;
        try (Bank bank = TestBanks.open(dir)) {
            id = bank.add(e).id();
            bank.add(TestBanks.entry(random, unit(random, DIM)));
            bank.commit();
            assertTrue(filesContaining(thumbnail).size() > 0, "precondition: the thumbnail is in the index files");
            assertTrue(bank.original(id).isPresent());

            bank.remove(id, "privacy request", "key:1234abcd");

            assertTrue(bank.thumbnail(id).isEmpty(), "no thumbnail is served after removal");
            assertTrue(bank.original(id).isEmpty());
            assertTrue(bank.require(id).deleted(), "the tombstone stays");
            assertEquals(sha, bank.require(id).sha256());
            bank.commit();
        }
        assertEquals(List.of(), filesNamed(sha), "no file named by the sha256 is left");
        assertEquals(List.of(), filesContaining(thumbnail), "the thumbnail bytes are gone from every bank file");
        JsonNode line = RecordJson.parse(Files.readAllLines(dir.resolve("audit.log")).getLast());
        assertEquals("remove", line.get("action").asText());
        assertEquals(id, line.get("id").asText());
        assertEquals("key:1234abcd", line.get("by").asText());
        assertTrue(line.get("details").asText().contains("sha256=" + sha), line.toString());
        assertTrue(line.get("details").asText().contains("reason=privacy request"), line.toString());
        try (Bank bank = TestBanks.open(dir)) {
            assertTrue(bank.require(id).deleted());
            assertFalse(bank.require(id).hasThumbnail());
        }
    }

    @Test
    void a_removal_replayed_after_a_crash_still_purges_the_original() {
        byte[] original = TestBanks.bytes(random, 500);
        String sha = fakebank.hash.Sha256.hex(original);
        Bank bank = TestBanks.open(dir);
        String id = bank.add(new NewEntry(sha, unit(random, DIM), TestBanks.bytes(random, 50), original,
                new EntryMeta(Label.REAL, null, null, "src", null, "tester"))).id();
        bank.commit();
        bank.remove(id, "legal", "me");
        bank.closeWithoutCommit();

        try (Bank reopened = TestBanks.open(dir)) {
            assertTrue(reopened.require(id).deleted());
        }
        assertEquals(List.of(), filesNamed(sha));
    }

    private List<Path> filesNamed(String sha) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(sha)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Path> filesContaining(byte[] needle) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(p -> contains(read(p), needle)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            return new byte[0]; // Lucene deleted it while we walked
        }
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        // a 32-byte run of random bytes is as good as the whole thumbnail and survives LZ4 block boundaries
        int n = 32;
        outer:
        for (int i = 0; i + n <= hay.length; i++) {
            for (int j = 0; j < n; j++) {
                if (hay[i + j] != needle[100 + j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
