package io.dynacart.web.cli;

import io.dynacart.store.api.NamespaceConfig;
import io.dynacart.web.DemoApp;
import io.dynacart.web.DemoData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code dynacart demo}: the embedded cluster and the web UI, until Ctrl-C. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs a cluster of nodes in this process and the web shop, divergence lab and cluster"
                + " dashboard on http://localhost:PORT.")
public final class DemoCommand implements Callable<Integer> {

    private static volatile boolean running;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", description = "the web UI's port (default: ${DEFAULT-VALUE})")
    int port = 7070;

    @Option(names = "--data", paramLabel = "DIR", description = "where the cluster keeps its data (default: ~/.dynacart/demo)")
    Path data;

    @Option(names = "--fresh", description = "start with empty data (deletes the demo's previous data in DIR)")
    boolean fresh;

    @Option(names = "--nodes", paramLabel = "N", description = "nodes in the cluster, 3 to 12 (default: ${DEFAULT-VALUE})")
    int nodes = 5;

    @Option(names = "--node-http-port", paramLabel = "PORT",
            description = "n1's HTTP port; n2 takes the next, ... (default: ${DEFAULT-VALUE}; 0: free ports)")
    int nodeHttpPort = 7101;

    @Option(names = "--node-tcp-port", paramLabel = "PORT",
            description = "n1's inter-node TCP port; n2 takes the next, ... (default: ${DEFAULT-VALUE}; 0: free ports)")
    int nodeTcpPort = 7201;

    @Option(names = "--zones", paramLabel = "ZONES", split = ",",
            description = "zones the nodes take in turn, e.g. a,b,c (n1 in a, n2 in b, ...): a key's replicas go to "
                    + "distinct zones, and the cluster page can cut a zone off (default: one zone)")
    List<String> zones = List.of();

    @Option(names = "--shoppers", paramLabel = "RATE",
            description = "background shoppers' visits a second, 0 for none at the start (default: ${DEFAULT-VALUE})")
    int shoppers = 20;

    @Option(names = "--cart-ttl", paramLabel = "TTL",
            description = "how long a cart lives after its last change: 90s, 15m, 12h, 30d, or none (default: ${DEFAULT-VALUE})")
    String cartTtl = "30d";

    private Duration cartTtl() {
        try {
            return Duration.ofSeconds(NamespaceConfig.parseTtl(cartTtl));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--cart-ttl: " + e.getMessage(), e);
        }
    }

    static boolean keepsRunning() {
        return running;
    }

    @Override
    public Integer call() throws InterruptedException {
        DemoApp.Config options;
        try {
            options = new DemoApp.Config("127.0.0.1", port, data == null ? DemoData.defaultDir() : data, fresh,
                    nodes, nodeHttpPort, nodeTcpPort, shoppers, zones)
                    .withCartTtl(cartTtl());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        DemoApp app;
        try {
            app = DemoApp.start(options);
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("dynacart demo: cannot start: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("DynaCart demo: stopping");
            app.close();
            stopped.countDown();
        }, "demo-shutdown"));
        running = true;
        System.out.println("DynaCart demo: " + app.address() + "  (data in " + options.data() + "; Ctrl-C stops)");
        stopped.await();
        return 0;
    }
}
