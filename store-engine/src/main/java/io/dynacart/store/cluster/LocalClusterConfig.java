package io.dynacart.store.cluster;

import io.dynacart.store.coordinator.CoordinatorConfig;
import io.dynacart.store.identity.Zone;
import io.dynacart.store.runtime.BackgroundWorkConfig;
import io.dynacart.store.runtime.NodeLimits;
import io.dynacart.store.storage.Durability;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link LocalCluster} is laid out and tuned.
 *
 * @param nodes        how many nodes, named n1..nN
 * @param root         the directory holding each node's data directory
 * @param host         the address every port binds to (127.0.0.1 for tests and the demo)
 * @param firstHttp    n1's HTTP port, n2's the next, ...; 0 for free ports
 * @param firstTcp     n1's TCP port, likewise; 0 for free ports
 * @param secret       the cluster secret (at least 16 bytes)
 * @param partitions   Q
 * @param limits       each node's limits; by default the nodes share out a quarter of this JVM's heap
 *                     as their bytes in flight ({@link NodeLimits#sharingHeapWith})
 * @param background   each node's anti-entropy and admission control of background work
 * @param zones        the zones the nodes take in turn: n1 the first, n2 the second, ..., wrapping
 *                     round (nodes that join later too); by default every node in {@link Zone#DEFAULT}
 * @param weights      the founding nodes' weights, taken in turn like the zones (n1 the first, ...,
 *                     wrapping round): each node's share of the first ring's partitions is its weight
 *                     over their sum; by default every node's is 1. A node that joins later brings its own.
 */
public record LocalClusterConfig(int nodes, Path root, String host, int firstHttp, int firstTcp, byte[] secret,
                                 CoordinatorConfig coordinator, Durability durability, int partitions,
                                 NodeLimits limits, BackgroundWorkConfig background, List<Zone> zones,
                                 List<Integer> weights) {

    public LocalClusterConfig {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(coordinator, "coordinator");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(background, "background");
        if (nodes < 1) {
            throw new IllegalArgumentException("a cluster needs at least one node, was " + nodes);
        }
        zones = List.copyOf(zones);
        if (zones.isEmpty()) {
            throw new IllegalArgumentException("a cluster needs at least one zone");
        }
        weights = List.copyOf(weights);
        if (weights.isEmpty() || weights.stream().anyMatch(w -> w < 1)) {
            throw new IllegalArgumentException("weights must be at least one, each at least 1, were " + weights);
        }
        secret = secret.clone();
    }

    /** A config whose founding nodes all have weight 1. */
    public LocalClusterConfig(int nodes, Path root, String host, int firstHttp, int firstTcp, byte[] secret,
                  CoordinatorConfig coordinator, Durability durability, int partitions, NodeLimits limits,
                  BackgroundWorkConfig background, List<Zone> zones) {
        this(nodes, root, host, firstHttp, firstTcp, secret, coordinator, durability, partitions, limits,
                background, zones, List.of(1));
    }

    /** A config with every node in the {@link Zone#DEFAULT} zone. */
    public LocalClusterConfig(int nodes, Path root, String host, int firstHttp, int firstTcp, byte[] secret,
                  CoordinatorConfig coordinator, Durability durability, int partitions, NodeLimits limits,
                  BackgroundWorkConfig background) {
        this(nodes, root, host, firstHttp, firstTcp, secret, coordinator, durability, partitions, limits,
                background, List.of(Zone.DEFAULT));
    }

    /** A config with the default background work ({@link BackgroundWorkConfig#DEFAULT}). */
    public LocalClusterConfig(int nodes, Path root, String host, int firstHttp, int firstTcp, byte[] secret,
                  CoordinatorConfig coordinator, Durability durability, int partitions, NodeLimits limits) {
        this(nodes, root, host, firstHttp, firstTcp, secret, coordinator, durability, partitions, limits,
                BackgroundWorkConfig.DEFAULT);
    }

    /** A config whose nodes share out this JVM's heap for their limits. */
    public LocalClusterConfig(int nodes, Path root, String host, int firstHttp, int firstTcp, byte[] secret,
                  CoordinatorConfig coordinator, Durability durability, int partitions) {
        this(nodes, root, host, firstHttp, firstTcp, secret, coordinator, durability, partitions,
                NodeLimits.sharingHeapWith(Math.max(1, nodes)));
    }

    /**
     * Free ports on 127.0.0.1, a fresh random secret ({@link ClusterSecrets}), 256 partitions,
     * default quorum, process durability.
     */
    public static LocalClusterConfig forTests(int nodes, Path root) {
        return new LocalClusterConfig(nodes, root, "127.0.0.1", 0, 0, ClusterSecrets.randomBytes(), CoordinatorConfig.DEFAULT,
                Durability.PROCESS, 256);
    }

    public LocalClusterConfig withCoordinator(CoordinatorConfig c) {
        return new LocalClusterConfig(nodes, root, host, firstHttp, firstTcp, secret, c, durability, partitions, limits,
                background, zones, weights);
    }

    public LocalClusterConfig withLimits(NodeLimits l) {
        return new LocalClusterConfig(nodes, root, host, firstHttp, firstTcp, secret, coordinator, durability, partitions, l,
                background, zones, weights);
    }

    public LocalClusterConfig withBackground(BackgroundWorkConfig b) {
        return new LocalClusterConfig(nodes, root, host, firstHttp, firstTcp, secret, coordinator, durability, partitions, limits,
                b, zones, weights);
    }

    /** The nodes take {@code z} in turn: n1 the first zone, n2 the second, ..., wrapping round. */
    public LocalClusterConfig withZones(List<Zone> z) {
        return new LocalClusterConfig(nodes, root, host, firstHttp, firstTcp, secret, coordinator, durability, partitions, limits,
                background, z, weights);
    }

    /** The founding nodes take {@code w} in turn: n1 the first weight, n2 the second, ..., wrapping round. */
    public LocalClusterConfig withWeights(List<Integer> w) {
        return new LocalClusterConfig(nodes, root, host, firstHttp, firstTcp, secret, coordinator, durability, partitions, limits,
                background, zones, w);
    }

    /** The weight of the {@code index}-th founding node (0 for n1). */
    public int weightOf(int index) {
        return weights.get(index % weights.size());
    }

    /** The zone of the {@code index}-th node (0 for n1), new ones included. */
    public Zone zoneOf(int index) {
        return zones.get(index % zones.size());
    }
}
