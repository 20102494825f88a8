package fakebank.bank;

import fakebank.hash.Sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fakebank.detect.Verdict;
import fakebank.service.Fakebank;
import fakebank.service.FakebankConfig;
import fakebank.testing.SolrTestCluster;
import fakebank.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bank on a real 2-node SolrCloud (tools/solr-cluster: ZooKeeper and two Solr processes, replication factor
 * 2), one cluster for the whole class. The node-failure test runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SolrStoreTest {
    private static final int DIM = 1792; // the default encoder's, so classify runs through the same collection

    @TempDir
    static Path tmp;

    static SolrTestCluster cluster;
    static Fakebank fakebank;
    static Bank bank;
    static Bank otherClient;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = SolrTestCluster.start(2, DIM);
        Path project = Path.of(System.getProperty("fakebank.projectDir", ".")).toAbsolutePath();
        BankOptions options = BankOptions.defaults().withStore(cluster.storeUrl());
        fakebank = Fakebank.open(FakebankConfig.defaults(project).withIndexDir(tmp.resolve("a"))
                .withModelDir(project.resolve("models").resolve(FakebankConfig.DEFAULT_MODEL))
                .withSeedFile(null).withPredictors(1).withBank(options));
        bank = fakebank.bank();
        otherClient = Bank.open(tmp.resolve("b"), bank.encoder(), DIM, options);
        List<NewEntry> seed = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            byte[] real = TestImages.realPng();
            byte[] fake = TestImages.fakePng();
            seed.add(fakebank.entry(fakebank.embed(real), real, new EntryMeta(Label.REAL, "camera", null, "seed",
                    null, "test")));
            seed.add(fakebank.entry(fakebank.embed(fake), fake, new EntryMeta(Label.FAKE, "stable-diffusion-1.5",
                    null, "seed", null, "test")));
        }
        fakebank.addAll(seed);
        fakebank.retrain("test", false);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        try {
            if (otherClient != null) {
                otherClient.close();
            }
            if (fakebank != null) {
                fakebank.close();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Test
    @Order(1)
    void an_add_is_searchable_at_once_and_the_same_bytes_are_a_duplicate() {
        Random r = new Random(1);
        float[] v = TestBanks.unit(r, DIM);
        NewEntry e = TestBanks.entry(r, v, Label.FAKE, "sdxl");
        AddResult first = bank.add(e);
        assertFalse(first.duplicate());

        List<Match> top = bank.search(v, 1, SearchFilter.NONE);
        assertEquals(first.id(), top.getFirst().id());
        assertEquals(1.0f, top.getFirst().similarity(), 1e-4f);
        Entry got = bank.require(first.id());
        assertEquals("sdxl", got.generator());
        assertTrue(got.hasThumbnail(), "thumbnail stored in Solr");
        assertEquals(e.thumbnail().length, bank.thumbnail(first.id()).orElseThrow().length);

        AddResult again = bank.add(e);
        assertTrue(again.duplicate());
        assertEquals(first.id(), again.id());
    }

    @Test
    @Order(2)
    void filtered_search_returns_the_exact_neighbours_that_pass_the_filter() {
        Random r = new Random(2);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        String[] generators = {"Gen-A", "gen-b", "gen-c"};
        List<EntryRecord> records = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Label label = i % 2 == 0 ? Label.FAKE : Label.REAL;
            byte[] bytes = TestBanks.bytes(r, 64);
            records.add(new EntryRecord(String.format("filt%03d", i), Sha256.hex(bytes), label,
                    label == Label.FAKE ? generators[i % 3] : null, Family.UNKNOWN, "s", null, t0.plusSeconds(i),
                    "t", bank.encoder(), TestBanks.unit(r, DIM), null, false, false, null, null, null));
        }
        bank.importBatch(records);
        List<SearchFilter> filters = List.of(
                new SearchFilter(Label.REAL, null, null, null),
                new SearchFilter(null, "GEN-B", null, null),
                new SearchFilter(Label.FAKE, null, null, t0.plusSeconds(40)));
        List<EntryRecord> all = new ArrayList<>(); // every live entry of the collection, with its vector
        bank.scanLive(false, n -> { }, all::add);
        assertTrue(all.size() >= records.size(), "scan returns every entry: " + all.size());
        for (int q = 0; q < 10; q++) {
            // a query near one entry: the expected neighbours are found by brute force over the whole collection
            float[] query = TestBanks.near(records.get(q * 5).vector(), 0.6f, r);
            for (SearchFilter f : filters) {
                List<String> expected = all.stream().filter(x -> passes(x, f))
                        .sorted(Comparator.comparingDouble(x -> -TestBanks.dot(query, x.vector())))
                        .limit(3).map(EntryRecord::id).toList();
                List<String> got = bank.search(query, 3, f).stream().map(Match::id).toList();
                assertEquals(expected, got, "filter " + f);
            }
        }
    }

    private static boolean passes(EntryRecord x, SearchFilter f) {
        return (f.label() == null || f.label() == x.label())
                && (f.generator() == null || f.generator().equalsIgnoreCase(String.valueOf(x.generator())))
                && (f.addedAfter() == null || x.addedAt().isAfter(f.addedAfter()));
    }

    @Test
    @Order(3)
    void another_client_sees_an_add_and_a_removal_within_one_second() {
        Random r = new Random(3);
        float[] v = TestBanks.unit(r, DIM);
        String id = bank.add(TestBanks.entry(r, v, Label.FAKE, "flux")).id();
        long seen = millisUntil(() -> top(otherClient, v).equals(id));
        assertTrue(seen <= 1000, "add visible to another client after " + seen + " ms");

        bank.remove(id, "mislabelled", "tester");
        long gone = millisUntil(() -> !top(otherClient, v).equals(id));
        assertTrue(gone <= 1000, "removal visible to another client after " + gone + " ms");
        assertTrue(otherClient.require(id).deleted(), "the tombstone keeps the entry's record");
        assertTrue(bank.stats().deleted() >= 1);
    }

    @Test
    @Order(4)
    void classify_reads_its_neighbours_from_the_solr_store() {
        Verdict v = fakebank.classify(TestImages.fakePng()).verdict();
        assertFalse(v.matches().isEmpty(), "neighbours come from the Solr collection");
        for (Match m : v.matches()) {
            assertTrue(bank.get(m.id()).isPresent(), m.id() + " is in the collection");
        }
        assertNotNull(v.verdict());
    }

    @Test
    @Order(6)
    void a_local_bank_migrates_by_export_then_import_into_the_store() throws Exception {
        Random r = new Random(6);
        Path file = tmp.resolve("local.fbank.jsonl.gz");
        List<String> ids = new ArrayList<>();
        try (Bank local = Bank.open(tmp.resolve("local"), bank.encoder(), DIM, BankOptions.defaults())) {
            for (int i = 0; i < 20; i++) {
                ids.add(local.add(TestBanks.entry(r, TestBanks.unit(r, DIM), Label.REAL, "camera")).id());
            }
            Bank.export(local, file, true);
        }
        ImportSummary first = bank.importFile(file, "tester");
        assertEquals(20, first.added(), first.toString());
        assertEquals(0, bank.importFile(file, "tester").added(), "importing twice adds nothing");
        for (String id : ids) {
            assertTrue(otherClient.get(id).isPresent(), id + " kept its id in the store");
        }
    }

    @Test
    @Order(10)
    void a_killed_node_leaves_search_and_classify_answering_and_catches_up_when_restarted() throws Exception {
        Random r = new Random(5);
        float[] v = TestBanks.unit(r, DIM);
        String id = bank.add(TestBanks.entry(r, v, Label.FAKE, "sdxl")).id();

        cluster.killNode(2);
        assertEquals(id, top(bank, v), "search answers with one node down");
        assertEquals(id, top(otherClient, v));
        assertFalse(fakebank.classify(TestImages.realPng()).verdict().matches().isEmpty(), "classify answers");

        // Writes need a live leader: once ZooKeeper expires the dead node's session (a few seconds) the surviving
        // replica takes over. Retry until then.
        List<String> added = new ArrayList<>();
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (added.size() < 5 && System.nanoTime() < until) {
            try {
                added.add(bank.add(TestBanks.entry(r, TestBanks.unit(r, DIM), Label.REAL, null)).id());
            } catch (RuntimeException e) {
                Thread.sleep(500);
            }
        }
        assertEquals(5, added.size(), "writes resume on the surviving replica");

        cluster.restartNode(2);
        long node1 = cluster.localDocCount(1, "*:*");
        long caughtUp = millisUntil(() -> {
            try {
                return cluster.localDocCount(2, "*:*") == node1;
            } catch (Exception e) {
                return false;
            }
        }, Duration.ofSeconds(30));
        assertEquals(node1, cluster.localDocCount(2, "*:*"), "the restarted replica holds every document ("
                + caughtUp + " ms after restart)");
        assertTrue(cluster.localDocCount(2, "id:" + added.getLast()) == 1, "including those added while it was down");
    }

    private static String top(Bank b, float[] v) {
        List<Match> m = b.search(v, 1, SearchFilter.NONE);
        return m.isEmpty() ? "" : m.getFirst().id();
    }

    private static long millisUntil(BooleanSupplier condition) {
        return millisUntil(condition, Duration.ofSeconds(5));
    }

    /** Polls every 20 ms; returns the elapsed time (or the timeout's if it never held). */
    private static long millisUntil(BooleanSupplier condition, Duration timeout) {
        long t0 = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - t0 > timeout.toNanos()) {
                break;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
