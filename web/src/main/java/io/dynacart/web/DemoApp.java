package io.dynacart.web;

import io.dynacart.cart.CartNamespaces;
import io.dynacart.cart.service.CartIds;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.NamespaceConfig;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.cluster.KvStores;
import io.dynacart.store.cluster.LocalCluster;
import io.dynacart.store.cluster.LocalClusterConfig;
import io.dynacart.store.coordinator.CoordinatorConfig;
import io.dynacart.store.http.HostCheck;
import io.dynacart.store.identity.Zone;
import io.dynacart.store.storage.Durability;
import io.dynacart.web.control.ClusterControl;
import io.dynacart.web.control.ReplicaReader;
import io.dynacart.web.http.Csrf;
import io.dynacart.web.metrics.StoreMetrics;
import io.dynacart.web.shop.Lab;
import io.dynacart.web.shop.Shop;
import io.dynacart.web.shop.Visits;
import io.dynacart.web.traffic.Shoppers;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The demo: an embedded cluster of real nodes (each with its own data directory, SQLite and append
 * log, TCP and HTTP ports) in this process, the background shoppers, and the web UI. Its data lives
 * in {@link DemoData}, so a restart finds the carts where they were.
 *
 * <p>Lifecycle: {@link #start}, then {@link #close} (idempotent; also run by the launcher's
 * shutdown hook on Ctrl-C).
 */
public final class DemoApp implements AutoCloseable {

    /** Partitions of the demo's ring: few enough to draw, plenty for a handful of nodes. */
    static final int PARTITIONS = 64;

    /**
     * @param host          where the web UI and every node bind (127.0.0.1: the demo is local); an IP
     *                      address or {@code localhost}, since the web UI answers only requests that
     *                      name it so (or {@code localhost}, {@code 127.0.0.1}, {@code [::1]})
     * @param port          the web UI's port (0: a free one)
     * @param nodeHttpPort  n1's HTTP port, n2 the next, ... (0: free ports)
     * @param nodeTcpPort   n1's inter-node TCP port, likewise
     * @param shopperRate   background shoppers' visits a second; 0 starts with them off
     * @param zones         the zones the nodes take in turn (n1 the first, n2 the second, ...); empty:
     *                      one zone. At most as many as nodes
     * @param cartTtl       how long a cart lives after its last change ({@link Duration#ZERO}: forever);
     *                      it is the {@code cart} namespace's ttl, so a restart with another value changes it
     */
    public record Config(String host, int port, Path data, boolean fresh, int nodes, int nodeHttpPort,
                          int nodeTcpPort, int shopperRate, List<String> zones, Duration cartTtl) {

        public Config {
            HostCheck.forBinding(host); // refuses a DNS name: the web UI's Host check needs an address
            if (nodes < 3 || nodes > 12) {
                throw new IllegalArgumentException("--nodes must be between 3 and 12 (N=3 replicas), was " + nodes);
            }
            for (int p : new int[] {port, nodeHttpPort, nodeTcpPort}) {
                if (p < 0 || p > 65535) {
                    throw new IllegalArgumentException("a port must be between 0 and 65535, was " + p);
                }
            }
            if (shopperRate < 0 || shopperRate > 1000) {
                throw new IllegalArgumentException("--shoppers must be between 0 and 1000 visits a second, was "
                        + shopperRate);
            }
            zones = List.copyOf(zones);
            for (String zone : zones) {
                String problem = Zone.problemWith(zone);
                if (problem != null) {
                    throw new IllegalArgumentException("--zones: " + problem);
                }
            }
            if (zones.size() > nodes || zones.stream().distinct().count() != zones.size()) {
                throw new IllegalArgumentException("--zones must name distinct zones, at most one per node (" + nodes
                        + "), was " + zones);
            }
            if (cartTtl.isNegative() || cartTtl.toSeconds() > NamespaceConfig.MAX_TTL_SECONDS) {
                throw new IllegalArgumentException("--cart-ttl must be from 0 (never) to "
                        + NamespaceConfig.MAX_TTL_SECONDS / 86_400 + " days, was " + cartTtl.toSeconds() + " s");
            }
        }

        /** A demo whose carts live 30 days after their last change. */
        public Config(String host, int port, Path data, boolean fresh, int nodes, int nodeHttpPort, int nodeTcpPort,
                      int shopperRate, List<String> zones) {
            this(host, port, data, fresh, nodes, nodeHttpPort, nodeTcpPort, shopperRate, zones,
                    CartNamespaces.DEFAULT_CART_TTL);
        }

        /** A demo in one zone. */
        public Config(String host, int port, Path data, boolean fresh, int nodes, int nodeHttpPort, int nodeTcpPort,
                      int shopperRate) {
            this(host, port, data, fresh, nodes, nodeHttpPort, nodeTcpPort, shopperRate, List.of());
        }

        /** Free ports everywhere and shoppers off: for tests. */
        public static Config forTests(Path data) {
            return new Config("127.0.0.1", 0, data, false, 5, 0, 0, 0);
        }

        /** This demo with its nodes taking {@code z} in turn. */
        public Config withZones(List<String> z) {
            return new Config(host, port, data, fresh, nodes, nodeHttpPort, nodeTcpPort, shopperRate, z, cartTtl);
        }

        /** This demo with carts living {@code ttl} after their last change. */
        public Config withCartTtl(Duration ttl) {
            return new Config(host, port, data, fresh, nodes, nodeHttpPort, nodeTcpPort, shopperRate, zones, ttl);
        }
    }

    private final LocalCluster cluster;
    private final ClusterControl control;
    private final ScheduledExecutorService timer;
    private final Shoppers shoppers;
    private final WebServer web;
    private final String host;
    private boolean closed;

    private DemoApp(LocalCluster cluster, ClusterControl control, ScheduledExecutorService timer, Shoppers shoppers,
                    WebServer web, String host) {
        this.cluster = cluster;
        this.control = control;
        this.timer = timer;
        this.shoppers = shoppers;
        this.web = web;
        this.host = host;
    }

    public static DemoApp start(Config o) {
        DemoData data = DemoData.open(o.data(), o.fresh(), o.nodes(), o.zones());
        LocalClusterConfig clusterConfig = new LocalClusterConfig(o.nodes(), data.clusterRoot(), o.host(),
                o.nodeHttpPort(), o.nodeTcpPort(), data.secret(), CoordinatorConfig.DEFAULT, Durability.PROCESS,
                PARTITIONS);
        LocalCluster cluster = LocalCluster.start(o.zones().isEmpty() ? clusterConfig
                : clusterConfig.withZones(o.zones().stream().map(Zone::of).toList()));
        // The shop's namespaces (carts expire after --cart-ttl, orders never, sessions keep the last write);
        // making them again changes nothing.
        CartNamespaces.changes(cluster.quorum(), o.cartTtl()).forEach(cluster::defineNamespace);
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "demo-timer");
            t.setDaemon(true);
            return t;
        });
        ClusterControl control = new ClusterControl(cluster);
        try {
            StoreMetrics metrics = new StoreMetrics();
            timer.scheduleAtFixedRate(() -> metrics.tick(System.currentTimeMillis() / 1000), 1, 1, TimeUnit.SECONDS);
            timer.scheduleAtFixedRate(() -> control.sample(System.currentTimeMillis() / 1000), 1, 1, TimeUnit.SECONDS);
            KvStore store = KvStores.metered(KvStores.anyRunning(cluster, Quorum.DEFAULT), metrics);
            Shoppers shoppers = new Shoppers(store, timer, System.nanoTime());
            int rate = o.shopperRate() == 0 ? 20 : o.shopperRate();
            if (o.shopperRate() > 0) {
                shoppers.start(rate);
            }
            CartIds ids = CartIds.withSecret(data.cartIdKey());
            Shop shop = Shop.open(store, ids);
            // Sessions through a router of their own, so that noting a page does not move the shop's next call
            // to another node (the shop spreads its calls over the running nodes in turn).
            Visits visits = new Visits(KvStores.metered(KvStores.anyRunning(cluster, Quorum.DEFAULT), metrics),
                    System::currentTimeMillis);
            Lab lab = new Lab(shop.catalog(), ids,
                    node -> KvStores.metered(KvStores.pinned(cluster, List.of(node), Quorum.DEFAULT), metrics),
                    new ReplicaReader(cluster), cluster.nodeIds());
            DemoEnvironment services = new DemoEnvironment(shop, visits, lab, control, metrics, shoppers, rate,
                    new Csrf(data.csrfKey()), "/shop");
            WebServer web = WebServer.start(o.host(), o.port(), services);
            return new DemoApp(cluster, control, timer, shoppers, web, o.host());
        } catch (RuntimeException e) {
            timer.shutdownNow();
            control.close();
            cluster.close();
            throw e;
        }
    }

    /** The web UI's address, e.g. {@code http://localhost:7070}. */
    public URI address() {
        String name = host.equals("127.0.0.1") ? "localhost" : host;
        return URI.create("http://" + name + ":" + web.port());
    }

    public int port() {
        return web.port();
    }

    public ClusterControl control() {
        return control;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        shoppers.close();
        timer.shutdownNow();
        web.close();
        control.close();
        cluster.close();
    }
}
