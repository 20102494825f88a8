package fakebank.bench.search;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.search.ScoreDoc;

/**
 * One timed pass: {@code warmup} queries (cycling through the query set, to let the JIT compile the search), then
 * every query {@code repeat} times, one at a time per search thread; latency per query, q/s over the wall time of
 * the pass, recall from the answers of the first round. Why repeat: 1,000 queries at 1M last under a second, so one
 * round's q/s moved by 10-30 % between identical runs.
 */
final class SearchPass {
    record Result(int[][] found, double qps, double p50Ms, double p99Ms) {
    }

    private SearchPass() {
    }

    static Result run(NeighbourSearch search, int[] docToOrd, float[][] qs, int k, int width, int threads,
            int warmup, int repeat) throws IOException {
        for (int i = 0; i < warmup; i++) {
            search.search(qs[i % qs.length], width);
        }
        int total = qs.length * repeat;
        long[] nanos = new long[total];
        int[][] found = new int[qs.length][];
        AtomicInteger next = new AtomicInteger();
        long wall0 = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                work.add(pool.submit(() -> {
                    for (int n = next.getAndIncrement(); n < total; n = next.getAndIncrement()) {
                        int i = n % qs.length;
                        long t0 = System.nanoTime();
                        ScoreDoc[] sd = search.search(qs[i], width);
                        nanos[n] = System.nanoTime() - t0;
                        if (n >= qs.length) {
                            continue;
                        }
                        int[] ids = new int[Math.min(k, sd.length)];
                        for (int j = 0; j < ids.length; j++) {
                            ids[j] = docToOrd[sd[j].doc];
                        }
                        found[i] = ids;
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("search pass interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("search failed: " + e.getCause(), e.getCause());
        }
        double wall = (System.nanoTime() - wall0) / 1e9;
        Arrays.sort(nanos);
        return new Result(found, total / wall, percentile(nanos, 0.50) / 1e6, percentile(nanos, 0.99) / 1e6);
    }

    /** The 1-minute load average (Linux), or -1 where there is none: the conditions a row was measured under. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static double percentile(long[] sorted, double p) {
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
