package fakebank.bench;

import fakebank.bank.AddResult;
import fakebank.bank.Bank;
import fakebank.bank.BankOptions;
import fakebank.bank.EntryMeta;
import fakebank.bank.Label;
import fakebank.bank.Match;
import fakebank.bank.NewEntry;
import fakebank.bank.SearchFilter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code fakebank bench store --store URL}: the local Lucene store and a Solr store side by side on the same
 * synthetic clustered unit vectors (Gaussian centres on the unit sphere plus N(0, 1/dim) noise), through the bank's own API: the local bank is
 * filled by {@code addAll} (with its per-entry near-duplicate check), then exported and imported into the Solr
 * store (the migration path); then recall@10 against brute force, single-thread latency and QPS, and the local
 * index's bytes per vector. The Solr collection must be empty (the bench fills it; drop it afterwards). Prints
 * figures; asserts nothing. About 10 minutes for 20k x 1792 on 2 busy cores.
 */
public final class StoreBench {
    private static final int K = 10;
    private static final String ENCODER = "bench-synthetic@1";

    private StoreBench() {
    }

    public static void run(String storeUrl, int n, int dim, int queries, long seed, PrintStream out) {
        if (n < K || dim < 2 || queries < 1) {
            throw new IllegalArgumentException("need n >= " + K + ", dim >= 2, queries >= 1");
        }
        out.printf(Locale.ROOT, "store bench: n=%d dim=%d queries=%d seed=%d k=%d, %d cores, Java %s%n", n, dim,
                queries, seed, K, Runtime.getRuntime().availableProcessors(), Runtime.version());
        int clusters = Math.max(1, n / 100);
        float[][] centres = gaussianUnit(clusters, dim, seed, 0, null);
        float[][] docs = gaussianUnit(n, dim, seed, 1, centres);
        float[][] qs = gaussianUnit(queries, dim, seed, 2, centres);
        int[][] truth = bruteForceTop(docs, qs);
        out.printf(Locale.ROOT, "%-8s %-16s %10s %9s %9s %9s %12s%n", "store", "load/s", "recall@10", "p50 ms",
                "p99 ms", "QPS", "bytes/vector");
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("fakebank-storebench");
            Path file = tmp.resolve("bench.fbank.jsonl.gz");
            Map<String, Integer> ordOf = new HashMap<>();
            try (Bank local = Bank.open(tmp.resolve("local"), ENCODER, dim, BankOptions.defaults())) {
                requireEmpty("local", local);
                long t0 = System.nanoTime();
                addAll(local, docs, ordOf);
                String load = String.format(Locale.ROOT, "%.0f (add)", docs.length / secs(t0));
                measure("local", load, local, qs, truth, ordOf, out);
                Bank.export(local, file, false);
            }
            try (Bank solr = Bank.open(tmp.resolve("solr"), ENCODER, dim,
                    BankOptions.defaults().withStore(storeUrl))) {
                requireEmpty("solr", solr);
                long t0 = System.nanoTime();
                solr.importFile(file, "bench");
                String load = String.format(Locale.ROOT, "%.0f (import)", docs.length / secs(t0));
                measure("solr", load, solr, qs, truth, ordOf, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (tmp != null) {
                TempFolders.deleteTree(tmp);
            }
        }
    }

    private static void requireEmpty(String name, Bank bank) {
        if (bank.liveCount() != 0) {
            throw new IllegalArgumentException(name + " store is not empty (" + bank.liveCount()
                    + " entries): the bench needs an empty collection");
        }
    }

    /** Adds every vector in batches of 1000, recording which vector each new id holds. */
    private static void addAll(Bank bank, float[][] docs, Map<String, Integer> ordOf) {
        List<NewEntry> batch = new ArrayList<>();
        for (int i = 0; i < docs.length; i++) {
            batch.add(new NewEntry(sha256(i), docs[i], null, null,
                    new EntryMeta(Label.FAKE, null, null, null, null, "bench")));
            if (batch.size() == 1000 || i == docs.length - 1) {
                List<AddResult> added = bank.addAll(batch);
                for (int j = 0; j < added.size(); j++) {
                    ordOf.put(added.get(j).id(), i - added.size() + 1 + j);
                }
                batch.clear();
            }
        }
    }

    private static void measure(String name, String load, Bank bank, float[][] qs, int[][] truth,
            Map<String, Integer> ordOf, PrintStream out) {
        for (int w = 0; w < Math.min(100, qs.length); w++) {
            bank.search(qs[w], K, SearchFilter.NONE);
        }
        long[] nanos = new long[qs.length];
        int hits = 0;
        long total = System.nanoTime();
        for (int q = 0; q < qs.length; q++) {
            long s = System.nanoTime();
            List<Match> top = bank.search(qs[q], K, SearchFilter.NONE);
            nanos[q] = System.nanoTime() - s;
            for (Match m : top) {
                Integer ord = ordOf.get(m.id());
                if (ord != null && Arrays.stream(truth[q]).anyMatch(t -> t == ord)) {
                    hits++;
                }
            }
        }
        double secs = secs(total);
        Arrays.sort(nanos);
        String bytes = bank.options().remoteStore() ? "(on nodes)"
                : Long.toString(bank.stats().bytesOnDisk() / ordOf.size());
        out.printf(Locale.ROOT, "%-8s %-16s %10.3f %9.2f %9.2f %9.0f %12s%n", name, load,
                hits / (double) (K * qs.length), nanos[nanos.length / 2] / 1e6,
                nanos[(int) Math.min(nanos.length - 1, Math.ceil(0.99 * nanos.length) - 1)] / 1e6,
                qs.length / secs, bytes);
    }

    private static double secs(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    /** {@code count} unit vectors: Gaussian directions, or a random one of {@code centres} plus N(0, 1/dim) noise. */
    private static float[][] gaussianUnit(int count, int dim, long seed, int stream, float[][] centres) {
        float[][] out = new float[count][];
        float sigma = (float) (1 / Math.sqrt(dim));
        java.util.stream.IntStream.range(0, count).parallel().forEach(i -> {
            java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed * 0x9E3779B97F4A7C15L
                    + stream * 1_000_003L + i);
            float[] v = new float[dim];
            float[] c = centres == null ? null : centres[rnd.nextInt(centres.length)];
            for (int j = 0; j < dim; j++) {
                float g = (float) rnd.nextGaussian();
                v[j] = c == null ? g : c[j] + sigma * g;
            }
            out[i] = org.apache.lucene.util.VectorUtil.l2normalize(v);
        });
        return out;
    }

    /** Exact top-K ordinals per query by dot product. */
    private static int[][] bruteForceTop(float[][] docs, float[][] qs) {
        int[][] truth = new int[qs.length][];
        java.util.stream.IntStream.range(0, qs.length).parallel().forEach(qi -> {
            Integer[] ords = new Integer[docs.length];
            float[] sims = new float[docs.length];
            for (int d = 0; d < docs.length; d++) {
                ords[d] = d;
                sims[d] = org.apache.lucene.util.VectorUtil.dotProduct(qs[qi], docs[d]);
            }
            Arrays.sort(ords, (a, b) -> Float.compare(sims[b], sims[a]));
            truth[qi] = Arrays.stream(ords, 0, K).mapToInt(Integer::intValue).toArray();
        });
        return truth;
    }

    private static String sha256(int i) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(ByteBuffer.allocate(4).putInt(i).array()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
