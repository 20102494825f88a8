package fakebank.solrcluster;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** What a running cluster is made of (ports, pids, settings), in {@code DIR/cluster.properties}. */
final class ClusterState {
    static final String FILE = "cluster.properties";

    private final Path dir;
    private final Properties p = new Properties();

    ClusterState(Path dir) {
        this.dir = dir;
    }

    static ClusterState load(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("no cluster in " + dir + " (no " + FILE + ")");
        }
        ClusterState s = new ClusterState(dir);
        try (Reader r = Files.newBufferedReader(file)) {
            s.p.load(r);
        }
        return s;
    }

    void save() throws IOException {
        Path tmp = dir.resolve(FILE + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp)) {
            p.store(w, "tools/solr-cluster");
        }
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    Path dir() {
        return dir;
    }

    String get(String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalStateException(dir.resolve(FILE) + " lacks " + key);
        }
        return v;
    }

    long getLong(String key) {
        return Long.parseLong(get(key));
    }

    void set(String key, String value) {
        p.setProperty(key, value);
    }

    int nodes() {
        return Integer.parseInt(get("nodes"));
    }

    int nodePort(int i) {
        return Integer.parseInt(get("node." + i + ".port"));
    }

    long nodePid(int i) {
        return p.containsKey("node." + i + ".pid") ? getLong("node." + i + ".pid") : -1;
    }

    void setNodePid(int i, long pid) {
        set("node." + i + ".pid", Long.toString(pid));
    }

    Path nodeHome(int i) {
        return dir.resolve("node" + i);
    }

    String zkHost() {
        return "127.0.0.1:" + get("zk.port");
    }

    String baseUrl(int i) {
        return "http://127.0.0.1:" + nodePort(i) + "/solr";
    }

    String portsText() {
        List<String> ports = new ArrayList<>();
        for (int i = 1; i <= nodes(); i++) {
            ports.add(Integer.toString(nodePort(i)));
        }
        return String.join(",", ports);
    }

    /** {@code solr:} then every node's collection URL, comma-separated: clients fail over between them. */
    String storeUrl() {
        List<String> urls = new ArrayList<>();
        for (int i = 1; i <= nodes(); i++) {
            urls.add(baseUrl(i) + "/" + get("collection"));
        }
        return "solr:" + String.join(",", urls);
    }

    boolean anyAlive() {
        List<Long> pids = new ArrayList<>();
        if (p.containsKey("zk.pid")) {
            pids.add(getLong("zk.pid"));
        }
        for (int i = 1; p.containsKey("node." + i + ".port"); i++) {
            pids.add(nodePid(i));
        }
        return pids.stream().anyMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }
}
