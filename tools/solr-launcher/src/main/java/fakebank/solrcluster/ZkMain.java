package fakebank.solrcluster;

import java.util.Properties;
import org.apache.zookeeper.server.ServerConfig;
import org.apache.zookeeper.server.ZooKeeperServerMain;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig;

/**
 * A standalone ZooKeeper for the cluster, in its own process (so killing any Solr node leaves it up).
 * Usage: {@code ZkMain DATA_DIR PORT}. Listens on 127.0.0.1 only; no admin server.
 */
public final class ZkMain {
    private ZkMain() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("zookeeper.admin.enableServer", "false");
        Properties p = new Properties();
        p.setProperty("dataDir", args[0]);
        p.setProperty("clientPort", args[1]);
        p.setProperty("clientPortAddress", "127.0.0.1");
        // Short ticks allow short sessions (min 2 ticks, max 20): a SIGKILLed node's session expires in seconds.
        p.setProperty("tickTime", "500");
        p.setProperty("maxClientCnxns", "200");
        p.setProperty("4lw.commands.whitelist", "ruok,srvr");
        QuorumPeerConfig quorum = new QuorumPeerConfig();
        quorum.parseProperties(p);
        ServerConfig config = new ServerConfig();
        config.readFrom(quorum);
        new ZooKeeperServerMain().runFromConfig(config);
    }
}
