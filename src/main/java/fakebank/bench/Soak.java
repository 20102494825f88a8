package fakebank.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;

/**
 * A soak run against a real server process on loopback: mixed traffic (classify, search, add, delete, feedback)
 * from {@code concurrency} clients for {@code duration}, with the server killed with SIGKILL half way and started
 * again on the same bank. Reports acknowledged writes lost (must be 0), 5xx answers outside the restart window
 * (must be 0), and the server's heap and open files over time. Command: {@code tools/soak} (about 10 minutes).
 */
public final class Soak {
    private static final ObjectMapper JSON = fakebank.json.JsonMapping.MAPPER;
    private static final String KEY = "soak-key-" + UUID.randomUUID();

    /** How long after the restarted server answers /health the restart window stays open (in-flight retries). */
    private static final Duration WINDOW_TAIL = Duration.ofSeconds(2);

    private final Path bankDir;
    private final List<String> serverCommand;
    private final Duration duration;
    private final int concurrency;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    private final Map<String, String> acknowledged = new ConcurrentHashMap<>(); // id -> sha256, adds answered 2xx
    private final Map<String, Boolean> removed = new ConcurrentHashMap<>(); // ids whose DELETE answered 204
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final List<String> serverErrorsOutsideWindow = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong connectionErrorsOutsideWindow = new AtomicLong();
    private final List<String> samples = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;
    private volatile Process server;

    public Soak(Path bankDir, List<String> serverCommand, Duration duration, int concurrency, PrintStream out) {
        this.bankDir = bankDir;
        this.serverCommand = serverCommand;
        this.duration = duration;
        this.concurrency = concurrency;
        this.out = out;
        this.port = freePort();
    }

    /** Runs the soak and returns whether it passed (no acknowledged write lost, no 5xx outside the window). */
    public boolean run() throws Exception {
        startServer();
        long t0 = System.nanoTime();
        out.printf(Locale.ROOT, "soak: server on 127.0.0.1:%d, bank %s, %d clients for %s%n", port, bankDir,
                concurrency, duration);
        ExecutorService clients = Executors.newFixedThreadPool(concurrency);
        long end = t0 + duration.toNanos();
        for (int i = 0; i < concurrency; i++) {
            long seed = 1000L + i;
            clients.submit(() -> traffic(new SplittableRandom(seed), end));
        }
        long killAt = t0 + duration.toNanos() / 2;
        long nextSample = System.nanoTime();
        boolean killed = false;
        while (System.nanoTime() < end) {
            if (!killed && System.nanoTime() >= killAt) {
                killed = true;
                restart(t0);
            }
            if (System.nanoTime() >= nextSample) {
                sample(t0);
                nextSample += Duration.ofSeconds(30).toNanos();
            }
            Thread.sleep(200);
        }
        clients.shutdown();
        clients.awaitTermination(2, TimeUnit.MINUTES);
        Thread.sleep(2500); // one commit interval, so nothing is pending when we check
        sample(t0);
        long lost = verify();
        server.destroy();
        server.waitFor(60, TimeUnit.SECONDS);
        report(lost);
        return lost == 0 && serverErrorsOutsideWindow.isEmpty();
    }

    // ---- traffic ----

    private void traffic(SplittableRandom random, long end) {
        List<String> mine = new ArrayList<>();
        while (System.nanoTime() < end) {
            int op = random.nextInt(100);
            try {
                if (op < 40) {
                    call("classify", post("/v1/classify", image(random, false), Map.of()));
                } else if (op < 60) {
                    call("search", post("/v1/search?k=5", image(random, false), Map.of()));
                } else if (op < 80) {
                    add("add", "/v1/images", random, mine);
                } else if (op < 90) {
                    add("feedback", "/v1/feedback", random, mine);
                } else if (!mine.isEmpty()) {
                    String id = mine.remove(random.nextInt(mine.size()));
                    int status = call("delete", HttpRequest.newBuilder(uri("/v1/images/" + id + "?reason=soak"))
                            .header("Authorization", "Bearer " + KEY).DELETE());
                    if (status == 204) {
                        removed.put(id, Boolean.TRUE);
                    }
                }
            } catch (RuntimeException e) {
                // counted in call()
            }
        }
    }

    private void add(String name, String path, SplittableRandom random, List<String> mine) {
        HttpResponse<byte[]> r = send(name, post(path, image(random, true), Map.of("label",
                random.nextBoolean() ? "fake" : "real", "generator", "soak-gen")));
        if (r != null && (r.statusCode() == 201 || r.statusCode() == 200)) {
            JsonNode body = json(r);
            String id = body.path("id").asText();
            acknowledged.put(id, body.path("sha256").asText());
            mine.add(id);
        }
    }

    private int call(String name, HttpRequest.Builder request) {
        HttpResponse<byte[]> r = send(name, request);
        return r == null ? -1 : r.statusCode();
    }

    private HttpResponse<byte[]> send(String name, HttpRequest.Builder request) {
        long started = System.nanoTime();
        try {
            HttpResponse<byte[]> r = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            count(name + " " + r.statusCode());
            if (r.statusCode() >= 500 && !inWindow(started)) {
                serverErrorsOutsideWindow.add(name + " " + r.statusCode() + ": "
                        + new String(r.body(), StandardCharsets.UTF_8));
            }
            return r;
        } catch (IOException e) {
            if (counts.get(name + " connection-error") == null) {
                out.println("soak: first connection error on " + name + ": " + e);
            }
            count(name + " connection-error");
            if (!inWindow(started)) {
                connectionErrorsOutsideWindow.incrementAndGet();
            }
            try {
                Thread.sleep(250); // a client backs off while the server is down instead of spinning
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private boolean inWindow(long startedNanos) {
        return startedNanos >= windowStart - Duration.ofSeconds(1).toNanos() && startedNanos <= windowEnd
                || System.nanoTime() >= windowStart && System.nanoTime() <= windowEnd;
    }

    private void count(String key) {
        counts.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }

    // ---- the server process ----

    private void startServer() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(serverCommand));
        pb.command().addAll(List.of("--index", bankDir.toString(), "--port", Integer.toString(port)));
        pb.environment().put("FAKEBANK_API_KEY", KEY);
        pb.redirectErrorStream(true).redirectOutput(bankDir.resolveSibling(bankDir.getFileName() + ".server.log")
                .toFile());
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(bankDir.resolveSibling(bankDir.getFileName()
                + ".server.log").toFile()));
        server = pb.start();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the server exited with " + server.exitValue() + "; see "
                        + bankDir + ".server.log");
            }
            try {
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri("/health")).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the server did not answer /health within 3 minutes");
    }

    private void restart(long t0) throws Exception {
        windowStart = System.nanoTime();
        out.printf(Locale.ROOT, "soak: %5.0f s kill -9 pid %d (%d acknowledged adds so far)%n", seconds(t0),
                server.pid(), acknowledged.size());
        server.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no final commit
        server.waitFor();
        startServer();
        windowEnd = System.nanoTime() + WINDOW_TAIL.toNanos();
        out.printf(Locale.ROOT, "soak: %5.0f s restarted in %.1f s%n", seconds(t0),
                (System.nanoTime() - windowStart) / 1e9);
    }

    private void sample(long t0) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            double heap = 0;
            double files = -1;
            for (String line : r.body().lines().toList()) {
                if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                    heap += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                } else if (line.startsWith("process_files_open_files ")) {
                    files = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            String s = String.format(Locale.ROOT, "| %5.0f | %7.1f | %5.0f | %6d |", seconds(t0), heap / (1 << 20),
                    files, acknowledged.size());
            samples.add(s);
            out.println("soak: " + s);
        } catch (IOException | RuntimeException e) {
            samples.add(String.format(Locale.ROOT, "| %5.0f | (no answer: %s) | | |", seconds(t0), e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- verification and report ----

    /** Every acknowledged add must be there (live, or removed if its DELETE was acknowledged). */
    private long verify() {
        long lost = 0;
        for (Map.Entry<String, String> e : acknowledged.entrySet()) {
            HttpResponse<byte[]> r = send("verify", HttpRequest.newBuilder(uri("/v1/images/" + e.getKey())).GET());
            if (r == null || r.statusCode() != 200) {
                lost++;
                out.println("soak: LOST acknowledged add " + e.getKey() + " (status "
                        + (r == null ? "none" : r.statusCode()) + ")");
                continue;
            }
            boolean deleted = json(r).path("deleted").asBoolean(false);
            if (removed.containsKey(e.getKey()) && !deleted) {
                lost++;
                out.println("soak: LOST acknowledged delete of " + e.getKey());
            }
        }
        return lost;
    }

    private void report(long lost) {
        out.println();
        out.println("| requests | count |");
        out.println("|---|---:|");
        new TreeMap<>(counts).forEach((k, v) -> out.println("| " + k + " | " + v.get() + " |"));
        out.println();
        out.println("| t (s) | heap used (MB) | open files | acknowledged adds |");
        out.println("|---:|---:|---:|---:|");
        samples.forEach(out::println);
        out.println();
        out.printf(Locale.ROOT, "acknowledged adds: %d, acknowledged deletes: %d%n", acknowledged.size(),
                removed.size());
        out.printf(Locale.ROOT, "acknowledged writes lost: %d%n", lost);
        out.printf(Locale.ROOT, "5xx outside the restart window: %d%n", serverErrorsOutsideWindow.size());
        serverErrorsOutsideWindow.stream().limit(10).forEach(e -> out.println("  " + e));
        out.printf(Locale.ROOT, "connection errors outside the restart window: %d%n",
                connectionErrorsOutsideWindow.get());
        out.printf(Locale.ROOT, "restart window: %.1f s%n", (windowEnd - windowStart) / 1e9);
        out.println(lost == 0 && serverErrorsOutsideWindow.isEmpty() ? "SOAK OK" : "SOAK FAILED");
    }

    // ---- helpers ----

    private HttpRequest.Builder post(String path, byte[] image, Map<String, String> fields) {
        String boundary = "soak" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        fields.forEach((k, v) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + k + "\"\r\n\r\n" + v + "\r\n").getBytes(StandardCharsets.UTF_8)));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"s.png\""
                + "\r\nContent-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(image);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (path.startsWith("/v1/images") || path.startsWith("/v1/feedback")) {
            b.header("Authorization", "Bearer " + KEY);
        }
        return b;
    }

    /** A small PNG: a few coloured blocks; {@code unique} images get random blocks so adds are not duplicates. */
    private static byte[] image(SplittableRandom random, boolean unique) {
        Random r = new Random(unique ? random.nextLong() : random.nextInt(50));
        BufferedImage img = new BufferedImage(96, 96, BufferedImage.TYPE_INT_RGB);
        for (int by = 0; by < 96; by += 12) {
            for (int bx = 0; bx < 96; bx += 12) {
                int rgb = r.nextInt(0x1000000);
                for (int y = by; y < by + 12; y++) {
                    for (int x = bx; x < bx + 12; x++) {
                        img.setRGB(x, y, rgb);
                    }
                }
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static JsonNode json(HttpResponse<byte[]> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
