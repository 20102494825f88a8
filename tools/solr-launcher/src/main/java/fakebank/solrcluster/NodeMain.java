package fakebank.solrcluster;

import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * One SolrCloud node on an embedded Jetty bound to 127.0.0.1 (JettySolrRunner always binds loopback).
 * Usage: {@code NodeMain SOLR_HOME PORT ZK_HOST}. Runs until killed; SIGTERM stops Jetty cleanly.
 */
public final class NodeMain {
    private NodeMain() {
    }

    public static void main(String[] args) throws Exception {
        String home = args[0];
        int port = Integer.parseInt(args[1]);
        System.setProperty("zkHost", args[2]);
        System.setProperty("hostPort", args[1]);
        System.setProperty("solr.log.dir", home);
        JettyConfig config = new JettyConfig.Builder().setPort(port).setContext("/solr").stopAtShutdown(true)
                .build();
        JettySolrRunner node = new JettySolrRunner(home, config);
        node.start();
        System.out.println("solr node up on http://127.0.0.1:" + node.getLocalPort() + "/solr");
        Thread.currentThread().join();
    }
}
