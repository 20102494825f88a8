package fakebank.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real SolrCloud for a test class, run by {@code tools/solr-cluster} (ZooKeeper and each Solr node are separate
 * processes on loopback). Start it in {@code @BeforeAll}, close it in {@code @AfterAll}: closing stops every process.
 */
public final class SolrTestCluster implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Path project;
    private final Path dir;
    private final String storeUrl;
    private final double startSeconds;

    private SolrTestCluster(Path project, Path dir, String storeUrl, double startSeconds) {
        this.project = project;
        this.dir = dir;
        this.storeUrl = storeUrl;
        this.startSeconds = startSeconds;
    }

    public static SolrTestCluster start(int nodes, int dim) throws IOException, InterruptedException {
        Path project = Path.of(System.getProperty("fakebank.projectDir", ".")).toAbsolutePath();
        Path dir = Files.createTempDirectory("fakebank-solr-cluster");
        long t0 = System.nanoTime();
        List<String> out = run(project, "start", "--nodes", Integer.toString(nodes), "--dir", dir.toString(),
                "--dim", Integer.toString(dim));
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("solr cluster of %d nodes up in %.1f s: %s%n", nodes, seconds, out.getLast());
        return new SolrTestCluster(project, dir, out.getLast(), seconds);
    }

    /** The store URL the cluster printed (its last line of stdout). */
    public String storeUrl() {
        return storeUrl;
    }

    public double startSeconds() {
        return startSeconds;
    }

    public void killNode(int node) throws IOException, InterruptedException {
        run(project, "kill-node", "--dir", dir.toString(), "--node", Integer.toString(node));
    }

    /** Starts a killed node again and waits until its replicas are active (caught up with their leaders). */
    public void restartNode(int node) throws IOException, InterruptedException {
        run(project, "restart-node", "--dir", dir.toString(), "--node", Integer.toString(node));
    }

    /** Documents in node {@code node}'s own replica(s), not distributed: shows whether that copy caught up. */
    public long localDocCount(int node, String query) throws IOException, InterruptedException {
        String core = coreOn(node);
        String url = baseUrl(node) + "/" + core + "/select?distrib=false&rows=0&wt=json&q="
                + java.net.URLEncoder.encode(query, StandardCharsets.UTF_8);
        String body = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"numFound\":(\\d+)").matcher(body);
        if (!m.find()) {
            throw new IOException("no numFound in " + body);
        }
        return Long.parseLong(m.group(1));
    }

    private String coreOn(int node) throws IOException, InterruptedException {
        String url = baseUrl(node) + "/admin/cores?action=STATUS&wt=json";
        String body = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"name\":\"(fakebank_shard[^\"]+)\"")
                .matcher(body);
        if (!m.find()) {
            throw new IOException("node " + node + " holds no fakebank core: " + body);
        }
        return m.group(1);
    }

    private String baseUrl(int node) throws IOException {
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(dir.resolve("cluster.properties"))) {
            p.load(r);
        }
        return "http://127.0.0.1:" + p.getProperty("node." + node + ".port") + "/solr";
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(project, "stop", "--dir", dir.toString());
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Runs tools/solr-cluster, returning its stdout lines; stderr goes to ours. Throws on a non-zero exit. */
    private static List<String> run(Path project, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(project.resolve("tools/solr-cluster").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(project.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("tools/solr-cluster " + String.join(" ", args) + " failed:\n" + stdout);
        }
        return stdout.lines().toList();
    }
}
