package io.dynacart.loadgen.target;

import io.dynacart.loadgen.fault.FaultTarget;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.NamespaceChange;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.cluster.FaultAction;
import io.dynacart.store.cluster.KvStores;
import io.dynacart.store.cluster.LocalCluster;
import io.dynacart.store.cluster.LocalClusterConfig;
import io.dynacart.store.identity.Zone;
import io.dynacart.store.coordinator.CoordinatorConfig;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.runtime.BackgroundWorkConfig;
import io.dynacart.store.runtime.NodeRuntime;
import io.dynacart.store.versioning.VectorClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Stream;

/**
 * A {@link LocalCluster} of real nodes (SQLite, append log, TCP between them) in this process,
 * started for the run and stopped after it; every fault action is carried out on it.
 */
public final class EmbeddedTarget implements Target, FaultTarget {

    private final LocalCluster cluster;
    private final List<NodeId> initial;
    private final Quorum quorum;
    private final Path root;
    private final boolean deleteRoot;

    private EmbeddedTarget(LocalCluster cluster, Quorum quorum, Path root, boolean deleteRoot) {
        this.cluster = cluster;
        this.initial = cluster.nodeIds();
        this.quorum = quorum;
        this.root = root;
        this.deleteRoot = deleteRoot;
    }

    /**
     * Starts {@code nodes} nodes under {@code root} (a fresh temporary directory, deleted at close,
     * when null), coordinating with {@code quorum} by default, with a node's default background work.
     */
    public static EmbeddedTarget start(int nodes, Quorum quorum, Path root) {
        return start(nodes, quorum, root, BackgroundWorkConfig.DEFAULT);
    }

    /** As {@link #start(int, Quorum, Path)}, the nodes running their background work as {@code background} says. */
    public static EmbeddedTarget start(int nodes, Quorum quorum, Path root, BackgroundWorkConfig background) {
        return start(nodes, quorum, root, background, List.of());
    }

    /** As {@link #start(int, Quorum, Path, BackgroundWorkConfig)}, the nodes taking {@code zones} in turn (empty: one zone). */
    public static EmbeddedTarget start(int nodes, Quorum quorum, Path root, BackgroundWorkConfig background,
                                       List<Zone> zones) {
        try {
            Path dir = root != null ? Files.createDirectories(root) : Files.createTempDirectory("dynacart-loadgen-");
            CoordinatorConfig coordinator = new CoordinatorConfig(quorum, CoordinatorConfig.DEFAULT.timeoutMillis(),
                    VectorClock.DEFAULT_MAX_ENTRIES);
            LocalClusterConfig config = LocalClusterConfig.forTests(nodes, dir).withCoordinator(coordinator)
                    .withBackground(background);
            LocalCluster cluster = LocalCluster.start(zones.isEmpty() ? config : config.withZones(zones));
            return new EmbeddedTarget(cluster, quorum, dir, root == null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the cluster's data directory", e);
        }
    }

    public LocalCluster cluster() {
        return cluster;
    }

    @Override
    public KvStore coordinatedBy(int index) {
        int first = Math.floorMod(index, initial.size());
        List<NodeId> order = new ArrayList<>();
        for (int i = 0; i < initial.size(); i++) {
            order.add(initial.get((first + i) % initial.size()));
        }
        return KvStores.pinned(cluster, order, quorum);
    }

    @Override
    public int coordinators() {
        return initial.size();
    }

    @Override
    public FaultTarget faults() {
        return this;
    }

    @Override
    public String refusal() {
        return null;
    }

    /** Carries out {@code action} on the cluster; a node it names must be a member (a join's aside). */
    @Override
    public void apply(FaultAction action) {
        cluster.apply(action);
    }

    @Override
    public void healAll() {
        cluster.heal();
        for (NodeId id : cluster.nodeIds()) {
            if (!cluster.isRunning(id) && cluster.ring().nodes().contains(id)) {
                cluster.restart(id);
            }
        }
    }

    @Override
    public OptionalDouble backgroundShare() {
        return running().stream()
                .mapToDouble(r -> r.metrics().registry().get("dynacart.background.share").gauge().value()).min();
    }

    @Override
    public Map<String, Object> backgroundTotals() {
        List<String> counters = List.of("dynacart.antientropy.keys.sent", "dynacart.antientropy.keys.repaired",
                "dynacart.antientropy.sessions.completed", "dynacart.hints.delivered");
        Map<String, Object> totals = new LinkedHashMap<>();
        counters.forEach(c -> totals.put(c.substring("dynacart.".length()).replace('.', '_'), 0L));
        for (NodeRuntime r : running()) {
            r.metrics().scrape();
            for (String c : counters) {
                String name = c.substring("dynacart.".length()).replace('.', '_');
                totals.put(name, (Long) totals.get(name) + (long) r.metrics().registry().get(c).functionCounter().count());
            }
        }
        return totals;
    }

    /** The nodes running now; one stopped while this looks is left out. */
    private List<NodeRuntime> running() {
        List<NodeRuntime> out = new ArrayList<>();
        for (NodeId id : cluster.nodeIds()) {
            try {
                if (cluster.isRunning(id)) {
                    out.add(cluster.runtime(id));
                }
            } catch (IllegalStateException stoppedMeanwhile) {
                // A fault stopped it between the two calls.
            }
        }
        return out;
    }

    @Override
    public void defineNamespaces(List<NamespaceChange> changes) {
        changes.forEach(cluster::defineNamespace);
    }

    @Override
    public String describe() {
        return "embedded cluster of " + initial.size() + " nodes, " + quorum;
    }

    @Override
    public void close() {
        cluster.close();
        if (deleteRoot) {
            try (Stream<Path> s = Files.walk(root)) {
                for (Path p : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                System.err.println("could not delete " + root + ": " + e.getMessage());
            }
        }
    }
}
