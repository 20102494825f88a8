package fakebank.api;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * The server's Prometheus metrics: {@code http_server_requests_seconds} (by method, route template, status and
 * outcome, with histogram buckets), {@code fakebank_embed_seconds} and {@code fakebank_decode_seconds} (model and
 * decoder latency), gauges {@code fakebank_inference_queue} (requests waiting), {@code fakebank_inference_running}
 * and {@code fakebank_bank_entries} (live entries). Routes are the templates ({@code /v1/images/{id}}), never raw
 * paths, so clients cannot blow up the label cardinality.
 */
final class ApiMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer embed;
    private final Timer decode;
    /**
     * The request timer of each method, route and status, built once instead of on every request (tags sorted,
     * meter id and histogram settings allocated, then a registry lookup). Keys are bounded like the labels: route
     * templates, never raw paths.
     */
    private final ConcurrentHashMap<RequestKey, Timer> requestTimers = new ConcurrentHashMap<>();

    private record RequestKey(String method, String route, int status) {
    }

    ApiMetrics(DoubleSupplier queueDepth, DoubleSupplier running, DoubleSupplier bankEntries) {
        // heap and open files over time: what a soak run watches for leaks
        new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.system.FileDescriptorMetrics().bindTo(registry);
        embed = Timer.builder("fakebank.embed").description("Model forward pass per image")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
        decode = Timer.builder("fakebank.decode").description("Image decoding per upload")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
        Gauge.builder("fakebank.inference.queue", queueDepth::getAsDouble)
                .description("Requests waiting for an inference slot").register(registry);
        Gauge.builder("fakebank.inference.running", running::getAsDouble)
                .description("Inference jobs running").register(registry);
        Gauge.builder("fakebank.bank.entries", bankEntries::getAsDouble)
                .description("Live entries in the bank").register(registry);
    }

    void request(String method, String route, int status, double millis) {
        requestTimers.computeIfAbsent(new RequestKey(method, route, status), this::requestTimer)
                .record((long) (millis * 1_000_000), TimeUnit.NANOSECONDS);
    }

    private Timer requestTimer(RequestKey k) {
        return Timer.builder("http.server.requests").description("HTTP requests")
                .tag("method", k.method()).tag("route", k.route()).tag("status", Integer.toString(k.status()))
                .tag("outcome", outcome(k.status()))
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
    }

    void inference(double decodeMs, double embedMs) {
        decode.record((long) (decodeMs * 1_000_000), TimeUnit.NANOSECONDS);
        embed.record((long) (embedMs * 1_000_000), TimeUnit.NANOSECONDS);
    }

    String scrape() {
        return registry.scrape();
    }

    private static String outcome(int status) {
        return status >= 500 ? "SERVER_ERROR" : status >= 400 ? "CLIENT_ERROR" : status >= 300 ? "REDIRECTION"
                : "SUCCESS";
    }
}
