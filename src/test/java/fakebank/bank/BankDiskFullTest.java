package fakebank.bank;

import static fakebank.bank.TestBanks.DIM;
import static fakebank.bank.TestBanks.unit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fakebank.error.StorageException;
import fakebank.testing.SmallDisk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bank on a real 48 MB tmpfs that runs full: refusals are clean, nothing acknowledged is lost, no duplicates. */
class BankDiskFullTest {
    @TempDir
    Path mountPoint;

    private final Random random = new Random(5);

    @Test
    void a_full_disk_refuses_writes_with_a_storage_error_loses_nothing_and_a_retry_adds_once() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(mountPoint, 48)) {
            Path dir = disk.root().resolve("bank");
            List<String> acknowledged = new ArrayList<>();
            Bank bank = TestBanks.open(dir);
            try {
                // fill most of the disk with originals, then the rest with a filler file
                for (int i = 0; i < 30; i++) {
                    acknowledged.add(bank.add(entry(1 << 20)).id());
                }
                bank.commit();
                Path filler = disk.fill("filler");

                // every kind of write fails cleanly, whichever file hits the wall first
                NewEntry refused = entry(4096);
                StorageException e = assertThrows(StorageException.class, () -> bank.add(refused));
                assertEquals(507, e.httpStatus());
                assertTrue(bank.storageProblem().isPresent(), "the bank reports itself degraded");
                assertThrows(StorageException.class, () -> bank.add(refused), "a retry while full fails again");
                for (int i = 0; i < 20; i++) {
                    try {
                        acknowledged.add(bank.add(entry(0)).id()); // small enough to squeeze in sometimes
                    } catch (StorageException expected) {
                        // still full
                    }
                }
                assertTrue(bank.idForSha256(refused.sha256()).isEmpty() || bank.storageProblem().isPresent());

                Files.delete(filler);
                AddResult retried = bank.add(refused);
                acknowledged.add(retried.id());
                assertTrue(bank.storageProblem().isEmpty(), "a successful write clears the degraded state");
                AddResult again = bank.add(refused);
                assertTrue(again.duplicate(), "the retried image is there exactly once");
                assertEquals(retried.id(), again.id());
                assertEquals(new HashSet<>(acknowledged), liveIds(bank));
            } finally {
                bank.close();
            }
            try (Bank reopened = TestBanks.open(dir)) {
                Set<String> live = liveIds(reopened);
                assertTrue(live.containsAll(acknowledged), "every acknowledged add survives a reopen");
                assertEquals(new HashSet<>(acknowledged).size(), live.size(), "and nothing else appears");
                assertFalse(reopened.storageProblem().isPresent());
            }
        }
    }

    /** An entry whose original has {@code originalBytes} bytes (0: no original kept). */
    private NewEntry entry(int originalBytes) {
        byte[] original = TestBanks.bytes(random, Math.max(64, originalBytes));
        return new NewEntry(fakebank.hash.Sha256.hex(original), unit(random, DIM), TestBanks.bytes(random, 2000),
                originalBytes == 0 ? null : original, new EntryMeta(Label.FAKE, "sdxl", null, "src", null, "t"));
    }

    private static Set<String> liveIds(Bank bank) {
        Set<String> ids = new HashSet<>();
        bank.forEachLive(v -> ids.add(v.id()));
        return ids;
    }
}
