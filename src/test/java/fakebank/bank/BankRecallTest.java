package fakebank.bank;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** Recall@10 of bank searches against exact brute-force answers on clustered data. */
class BankRecallTest {
    private static final int N = 2000;
    private static final int DIM = 64;
    private static final int QUERIES = 100;
    private static final int K = 10;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "quantized={0}")
    @ValueSource(booleans = {false, true})
    void recall_at_10_is_at_least_0_95_on_clustered_vectors(boolean quantized) {
        Random random = new Random(5);
        float[][] centres = new float[N / 100][];
        for (int c = 0; c < centres.length; c++) {
            centres[c] = TestBanks.unit(random, DIM);
        }
        float[][] docs = new float[N][];
        for (int i = 0; i < N; i++) {
            docs[i] = TestBanks.near(centres[random.nextInt(centres.length)], 1f, random);
        }
        BankOptions d = BankOptions.defaults();
        BankOptions options = new BankOptions(false, d.nearDuplicateThreshold(), d.searchWidth(), d.hnswM(),
                d.hnswBeamWidth(), quantized);
        try (Bank bank = Bank.open(dir, "recall@1", DIM, options, Duration.ofHours(1))) {
            List<NewEntry> entries = new ArrayList<>();
            for (float[] v : docs) {
                entries.add(new NewEntry(fakebank.hash.Sha256.hex(TestBanks.bytes(random, 16)), v, null, null,
                        new EntryMeta(Label.FAKE, "g", null, null, null, null)));
            }
            List<String> ids = bank.addAll(entries).stream().map(AddResult::id).toList();
            bank.commit();

            long hits = 0;
            for (int q = 0; q < QUERIES; q++) {
                float[] query = TestBanks.near(centres[random.nextInt(centres.length)], 1f, random);
                Set<String> truth = Arrays.stream(exactTop(docs, query)).mapToObj(ids::get).collect(Collectors.toSet());
                hits += bank.search(query, K, SearchFilter.NONE).stream().filter(m -> truth.contains(m.id())).count();
            }
            double recall = (double) hits / (QUERIES * K);
            assertTrue(recall >= 0.95, String.format(Locale.ROOT,
                    "recall@10 = %.4f (%d of %d) for n=%d dim=%d quantized=%s", recall, hits, QUERIES * K, N, DIM,
                    quantized));
        }
    }

    private static int[] exactTop(float[][] docs, float[] q) {
        Integer[] order = new Integer[docs.length];
        float[] sims = new float[docs.length];
        for (int i = 0; i < docs.length; i++) {
            order[i] = i;
            sims[i] = TestBanks.dot(q, docs[i]);
        }
        Arrays.sort(order, (a, b) -> Float.compare(sims[b], sims[a]));
        return Arrays.stream(order, 0, K).mapToInt(Integer::intValue).toArray();
    }
}
