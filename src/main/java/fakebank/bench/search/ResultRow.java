package fakebank.bench.search;

import java.util.Locale;

/** One measured row; field names are the JSON keys {@code tools/bench-faiss.py} prints too. */
record ResultRow(String setup, int ef, int threads, double recallAt10, double qps, double p50Ms, double p99Ms,
        double buildS, double indexMb, double load1) {
    static final String HEADER = String.format(Locale.ROOT, "%-52s %7s %5s %10s %9s %8s %8s %8s %9s %6s", "setup",
            "threads", "ef", "recall@10", "qps", "p50 ms", "p99 ms", "build s", "index MB", "load");

    String json() {
        return String.format(Locale.ROOT, "{\"setup\": \"%s\", \"ef\": %d, \"threads\": %d, \"recall_at_10\": %.4f, "
                + "\"qps\": %.1f, \"p50_ms\": %.3f, \"p99_ms\": %.3f, \"build_s\": %.1f, \"index_mb\": %.1f, "
                + "\"load1\": %.2f}", setup, ef, threads, recallAt10, qps, p50Ms, p99Ms, buildS, indexMb, load1);
    }

    String text() {
        return String.format(Locale.ROOT, "%-52s %7d %5d %10.4f %9.1f %8.3f %8.3f %8.1f %9.1f %6.2f", setup, threads,
                ef, recallAt10, qps, p50Ms, p99Ms, buildS, indexMb, load1);
    }
}
