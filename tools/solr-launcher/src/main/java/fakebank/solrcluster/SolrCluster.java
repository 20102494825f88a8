package fakebank.solrcluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.solr.common.cloud.SolrZkClient;
import org.apache.solr.common.cloud.ZkMaintenanceUtils;

/**
 * {@code tools/solr-cluster}: a real SolrCloud on loopback for tests, demos and CI. ZooKeeper and every Solr node
 * run as separate OS processes (their pids and ports in {@code DIR/cluster.properties}), so a node can be SIGKILLed
 * and restarted like a real machine.
 *
 * <pre>
 * start --nodes N --dir DIR [--dim 1792] [--shards 1] [--collection fakebank] [--heap 384m] [--hnsw-m 16]
 *       [--hnsw-beam 100]     prints the store URL as its last line
 * stop --dir DIR              SIGTERM every process (SIGKILL after 20 s)
 * kill-node --dir DIR --node I        SIGKILL node I (1-based)
 * restart-node --dir DIR --node I     starts node I again on its port and folder, waits until it is live
 * status --dir DIR            pids, ports, live nodes, replica states
 * url --dir DIR               the store URL again
 * </pre>
 */
public final class SolrCluster {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private SolrCluster() {
    }

    public static void main(String[] args) {
        try {
            System.exit(run(new Args(args)));
        } catch (IllegalArgumentException e) {
            System.err.println("solr-cluster: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println("solr-cluster: " + e);
            e.printStackTrace(System.err);
            System.exit(1);
        }
    }

    private static int run(Args a) throws Exception {
        switch (a.command) {
            case "start" -> start(a);
            case "stop" -> stop(ClusterState.load(a.dir()));
            case "kill-node" -> {
                ClusterState s = ClusterState.load(a.dir());
                int i = a.node(s);
                ProcessHandle.of(s.nodePid(i)).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL on Linux
                waitDead(s.nodePid(i), Duration.ofSeconds(10));
                System.out.println("killed node " + i + " (pid " + s.nodePid(i) + ", port " + s.nodePort(i) + ")");
            }
            case "restart-node" -> {
                ClusterState s = ClusterState.load(a.dir());
                int i = a.node(s);
                if (ProcessHandle.of(s.nodePid(i)).map(ProcessHandle::isAlive).orElse(false)) {
                    throw new IllegalArgumentException("node " + i + " is still running (pid " + s.nodePid(i) + ")");
                }
                long t0 = System.nanoTime();
                s.setNodePid(i, spawnNode(s, i));
                s.save();
                waitLiveNodes(s, s.nodes());
                waitReplicasActive(s);
                System.out.printf("node %d restarted (pid %d) and its replicas are active in %.1f s%n", i,
                        s.nodePid(i), (System.nanoTime() - t0) / 1e9);
            }
            case "status" -> status(ClusterState.load(a.dir()));
            case "url" -> System.out.println(ClusterState.load(a.dir()).storeUrl());
            default -> throw new IllegalArgumentException("unknown command " + a.command
                    + " (start, stop, kill-node, restart-node, status, url)");
        }
        return 0;
    }

    private static void start(Args a) throws Exception {
        long t0 = System.nanoTime();
        Path dir = a.dir().toAbsolutePath();
        int nodes = a.intOpt("--nodes", 2);
        int dim = a.intOpt("--dim", 1792);
        int shards = a.intOpt("--shards", 1);
        if (nodes < 1 || nodes > 16) {
            throw new IllegalArgumentException("--nodes must be in [1, 16], got " + nodes);
        }
        if (dim < 1 || dim > 4096) {
            throw new IllegalArgumentException("--dim must be in [1, 4096], got " + dim);
        }
        if (shards < 1 || shards > nodes) {
            throw new IllegalArgumentException("--shards must be in [1, --nodes], got " + shards);
        }
        if (Files.exists(dir.resolve(ClusterState.FILE))) {
            ClusterState old = ClusterState.load(dir);
            if (old.anyAlive()) {
                throw new IllegalArgumentException("a cluster is already running in " + dir + " (stop it first)");
            }
        }
        Files.createDirectories(dir);
        ClusterState s = new ClusterState(dir);
        s.set("collection", a.opt("--collection", "fakebank"));
        s.set("heap", a.opt("--heap", "384m"));
        s.set("java", ProcessHandle.current().info().command().orElse("java"));
        s.set("classpath", System.getProperty("java.class.path"));
        int[] ports = freePorts(nodes + 1);
        s.set("zk.port", Integer.toString(ports[0]));
        s.set("nodes", Integer.toString(nodes));
        for (int i = 1; i <= nodes; i++) {
            s.set("node." + i + ".port", Integer.toString(ports[i]));
            Path home = s.nodeHome(i);
            Files.createDirectories(home);
            try (InputStream in = resource("solr.xml")) {
                Files.copy(in, home.resolve("solr.xml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path zkData = dir.resolve("zk");
        Files.createDirectories(zkData);
        s.set("zk.pid", Long.toString(spawn(s, "zk.log", List.of("-Xmx96m", "-cp", s.get("classpath"),
                ZkMain.class.getName(), zkData.toString(), s.get("zk.port")))));
        s.save();
        waitPort(ports[0]);
        // Nodes start in parallel with the configset upload: each needs only ZooKeeper to register.
        for (int i = 1; i <= nodes; i++) {
            s.setNodePid(i, spawnNode(s, i));
        }
        s.save();
        Path configset = writeConfigset(dir.resolve("configset"), dim, a.intOpt("--hnsw-m", 16),
                a.intOpt("--hnsw-beam", 100));
        try (SolrZkClient zk = new SolrZkClient.Builder().withUrl(s.zkHost()).withTimeout(15, TimeUnit.SECONDS)
                .build()) {
            ZkMaintenanceUtils.uploadToZK(zk, configset, "/configs/" + s.get("collection"), null);
        }
        waitLiveNodes(s, nodes);
        int rf = nodes >= 2 ? 2 : 1;
        String create = s.baseUrl(1) + "/admin/collections?action=CREATE&wt=json&name=" + s.get("collection")
                + "&numShards=" + shards + "&replicationFactor=" + rf + "&collection.configName="
                + s.get("collection") + "&waitForFinalState=true";
        HttpResponse<String> r = get(create, Duration.ofSeconds(120));
        if (r.statusCode() != 200) {
            throw new IOException("collection create failed: HTTP " + r.statusCode() + " " + r.body());
        }
        waitReplicasActive(s);
        s.set("dim", Integer.toString(dim));
        s.set("shards", Integer.toString(shards));
        s.set("replication_factor", Integer.toString(rf));
        s.save();
        System.out.printf("zookeeper 127.0.0.1:%s (pid %s); %d solr nodes on ports %s; collection %s: %d shard(s) x"
                + " %d replica(s), dense vector dim %d%n", s.get("zk.port"), s.get("zk.pid"), nodes,
                s.portsText(), s.get("collection"), shards, rf, dim);
        System.out.printf("started in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        System.out.println(s.storeUrl());
    }

    private static void stop(ClusterState s) throws InterruptedException {
        List<ProcessHandle> running = new ArrayList<>();
        for (int i = 1; i <= s.nodes(); i++) {
            ProcessHandle.of(s.nodePid(i)).filter(ProcessHandle::isAlive).ifPresent(running::add);
        }
        stopAll(running);
        ProcessHandle.of(s.getLong("zk.pid")).filter(ProcessHandle::isAlive).ifPresent(p -> {
            try {
                stopAll(List.of(p));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        System.out.println("stopped " + running.size() + " solr node(s) and zookeeper in " + s.dir());
    }

    /** SIGTERM, then SIGKILL whatever is still alive after 20 s. */
    private static void stopAll(List<ProcessHandle> processes) throws InterruptedException {
        processes.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (ProcessHandle p : processes) {
            while (p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    private static void status(ClusterState s) throws Exception {
        System.out.printf("zookeeper 127.0.0.1:%s pid %d %s%n", s.get("zk.port"), s.getLong("zk.pid"),
                alive(s.getLong("zk.pid")) ? "running" : "down");
        for (int i = 1; i <= s.nodes(); i++) {
            System.out.printf("node %d port %d pid %d %s%n", i, s.nodePort(i), s.nodePid(i),
                    alive(s.nodePid(i)) ? "running" : "down");
        }
        Optional<String> body = anyNode(s, "/admin/collections?action=CLUSTERSTATUS&wt=json");
        System.out.println(body.orElse("no node answers"));
        System.out.println(s.storeUrl());
    }

    // ---- processes ----

    private static long spawnNode(ClusterState s, int i) throws IOException {
        Path home = s.nodeHome(i);
        return spawn(s, "node" + i + ".log", List.of("-Xmx" + s.get("heap"), "-Xss512k",
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-cp", s.get("classpath"), NodeMain.class.getName(),
                home.toString(), Integer.toString(s.nodePort(i)), s.zkHost()));
    }

    /** Starts a JVM detached from our stdout (its output goes to DIR/log), so callers reading us see EOF. */
    private static long spawn(ClusterState s, String log, List<String> jvmArgs) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(s.get("java"));
        cmd.add("-XX:+UseSerialGC"); // small heaps on a 2-core machine: no parallel GC threads to fight over
        cmd.addAll(jvmArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(s.dir().resolve(log).toFile()));
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return pb.start().pid();
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static void waitDead(long pid, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (alive(pid) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    // ---- waiting for the cluster ----

    private static void waitPort(int port) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IOException("nothing listens on 127.0.0.1:" + port + " after " + START_TIMEOUT);
    }

    private static void waitLiveNodes(ClusterState s, int n) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try (SolrZkClient zk = new SolrZkClient.Builder().withUrl(s.zkHost()).withTimeout(15, TimeUnit.SECONDS)
                .build()) {
            while (System.nanoTime() < deadline) {
                if (zk.exists("/live_nodes", true) && zk.getChildren("/live_nodes", null, true).size() >= n) {
                    return;
                }
                Thread.sleep(200);
            }
        }
        throw new IOException(n + " solr nodes did not come up within " + START_TIMEOUT + "; see " + s.dir()
                + "/node*.log");
    }

    /** Until CLUSTERSTATUS shows no replica of the collection in a state other than active. */
    private static void waitReplicasActive(ClusterState s) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String path = "/admin/collections?action=CLUSTERSTATUS&wt=json&collection=" + s.get("collection");
        while (System.nanoTime() < deadline) {
            Optional<String> body = anyNode(s, path);
            if (body.isPresent() && body.get().contains("\"state\":\"active\"")
                    && !body.get().matches("(?s).*\"state\":\"(down|recovering|recovery_failed)\".*")) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IOException("replicas of " + s.get("collection") + " not all active within " + START_TIMEOUT);
    }

    private static Optional<String> anyNode(ClusterState s, String path) {
        for (int i = 1; i <= s.nodes(); i++) {
            if (!alive(s.nodePid(i))) {
                continue;
            }
            try {
                HttpResponse<String> r = get(s.baseUrl(i) + path, Duration.ofSeconds(10));
                if (r.statusCode() == 200) {
                    return Optional.of(r.body().replace(" ", ""));
                }
            } catch (IOException e) {
                // try the next node
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static HttpResponse<String> get(String url, Duration timeout) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    // ---- files ----

    private static Path writeConfigset(Path to, int dim, int m, int beam) throws IOException {
        Files.createDirectories(to);
        for (String name : List.of("solrconfig.xml", "schema.xml")) {
            String text;
            try (InputStream in = resource("configset/" + name)) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            for (Map.Entry<String, Integer> e : Map.of("@DIM@", dim, "@M@", m, "@BEAM@", beam).entrySet()) {
                text = text.replace(e.getKey(), Integer.toString(e.getValue()));
            }
            Files.writeString(to.resolve(name), text);
        }
        return to;
    }

    private static InputStream resource(String name) {
        InputStream in = SolrCluster.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new UncheckedIOException(new IOException("missing resource " + name));
        }
        return in;
    }

    private static int[] freePorts(int n) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(ss);
                ports[i] = ss.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket ss : held) {
                ss.close();
            }
        }
    }

    /** Command line: a verb, then --name value pairs. */
    private static final class Args {
        final String command;
        final Map<String, String> options = new java.util.HashMap<>();

        Args(String[] args) {
            if (args.length == 0) {
                throw new IllegalArgumentException("usage: solr-cluster start|stop|kill-node|restart-node|status|url"
                        + " --dir DIR [options]");
            }
            command = args[0];
            for (int i = 1; i < args.length; i++) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("expected --option value, got " + args[i]);
                }
                options.put(args[i], args[++i]);
            }
        }

        Path dir() {
            String d = options.get("--dir");
            if (d == null) {
                throw new IllegalArgumentException("--dir is required");
            }
            return Path.of(d).toAbsolutePath();
        }

        String opt(String name, String dflt) {
            return options.getOrDefault(name, dflt);
        }

        int intOpt(String name, int dflt) {
            try {
                return options.containsKey(name) ? Integer.parseInt(options.get(name)) : dflt;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a number, got " + options.get(name));
            }
        }

        int node(ClusterState s) {
            int i = intOpt("--node", -1);
            if (i < 1 || i > s.nodes()) {
                throw new IllegalArgumentException("--node must be in [1, " + s.nodes() + "], got " + i);
            }
            return i;
        }
    }
}
