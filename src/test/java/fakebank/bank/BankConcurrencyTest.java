package fakebank.bank;

import static fakebank.bank.TestBanks.DIM;
import static fakebank.bank.TestBanks.entry;
import static fakebank.bank.TestBanks.unit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BankConcurrencyTest {
    @TempDir
    Path dir;

    @Test
    void four_writers_and_four_searchers_lose_no_acknowledged_add() throws Exception {
        int writers = 4;
        int addsEach = 25;
        Map<String, float[]> acked = new ConcurrentHashMap<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger searches = new AtomicInteger();
        // a short commit interval so commits interleave with the writes and searches
        try (Bank bank = Bank.open(dir, TestBanks.ENCODER, DIM, BankOptions.defaults(), Duration.ofMillis(100))) {
            ExecutorService pool = Executors.newFixedThreadPool(writers + 4);
            List<Future<?>> writerTasks = IntStream.range(0, writers).<Future<?>>mapToObj(w -> pool.submit(() -> {
                Random random = new Random(100 + w);
                for (int i = 0; i < addsEach; i++) {
                    float[] v = unit(random, DIM);
                    AddResult r = bank.add(entry(random, v));
                    acked.put(r.id(), v);
                    // what a writer was told is there must be searchable right away
                    assertEquals(r.id(), bank.search(v, 1, SearchFilter.NONE).getFirst().id());
                }
            })).toList();
            List<Future<?>> readerTasks = IntStream.range(0, 4).<Future<?>>mapToObj(s -> pool.submit(() -> {
                Random random = new Random(200 + s);
                while (writing.get()) {
                    List<Match> matches = bank.search(unit(random, DIM), 5, SearchFilter.NONE);
                    assertEquals(matches.stream().sorted().toList(), matches);
                    if (searches.incrementAndGet() % 10 == 0) {
                        bank.stats();
                    }
                    Thread.sleep(1); // leave the two CI cores some room for the writers
                }
                return null;
            })).toList();
            for (Future<?> f : writerTasks) {
                f.get();
            }
            writing.set(false);
            for (Future<?> f : readerTasks) {
                f.get();
            }
            pool.shutdown();
            assertEquals(writers * addsEach, acked.size());
            assertEquals(acked.size(), bank.stats().live());
            assertTrue(searches.get() > 0);
        }
        try (Bank reopened = TestBanks.open(dir)) {
            assertEquals(acked.size(), reopened.stats().live());
            for (var e : acked.entrySet()) {
                assertTrue(reopened.get(e.getKey()).isPresent(), e.getKey());
            }
        }
    }
}
