package io.dynacart.cart.service;

import io.dynacart.cart.CartNamespaces;
import io.dynacart.cart.catalog.Catalog;
import io.dynacart.cart.catalog.CatalogStore;
import io.dynacart.cart.catalog.StandardCatalog;
import io.dynacart.cart.merge.CartMerge;
import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.coordinator.CoordinatorConfig;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.sim.SimCluster;
import io.dynacart.store.sim.SimScheduler;
import io.dynacart.store.versioning.Context;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * A shop over a five-node simulated cluster: the catalog seeded, cart ids under one secret, and
 * "devices" — cart services whose store calls go through a preferred coordinator (the next one on
 * its list when that one is down), as a phone and a laptop reach different front ends.
 */
final class SimShop {

    final SimCluster cluster;
    final Catalog catalog;
    final CartIds ids = CartIds.withSecret("a test secret of enough bytes".getBytes());

    SimShop(long seed) {
        cluster = new SimCluster(SimCluster.names(5), new SimScheduler(), new SplittableRandom(seed), CoordinatorConfig.DEFAULT);
        CartNamespaces.changes(cluster.quorum(), CartNamespaces.DEFAULT_CART_TTL).forEach(cluster::defineNamespace);
        catalog = await(CatalogStore.seed(cluster.client(NodeId.of("n1")), StandardCatalog.catalog()));
    }

    /** A device editing through {@code coordinators}, in order of preference. */
    Device device(String name, CartMerge<?> policy, String... coordinators) {
        DeviceStore store = new DeviceStore(List.of(coordinators).stream().map(NodeId::of).toList());
        CartService service = CartService.create(store, catalog, policy, ids, name,
                () -> Instant.ofEpochMilli(cluster.scheduler().now()));
        return new Device(service, store);
    }

    record Device(CartService service, DeviceStore store) {}

    /**
     * Cuts the network into {@code groups}, then waits (in virtual time, a minute at most) until every
     * running node serves a quorum read again: the first requests across a fresh cut time out, and
     * only then do coordinators avoid the peers they cannot reach (a device would retry; tests wait).
     */
    void partition(List<java.util.Set<NodeId>> groups) {
        cluster.network().partition(groups);
        awaitServing();
    }

    /** Heals the network and restarts every crashed node, then waits until every node serves. */
    void healAll() {
        cluster.network().heal();
        cluster.nodeIds().forEach(cluster::restart);
        awaitServing();
    }

    /**
     * Waits until {@code key}'s primary replicas hold the same versions and no node holds a hint:
     * what hinted handoff and anti-entropy bring about after a heal. Fails after a minute of virtual time.
     */
    void awaitConverged(Key key) {
        long deadline = cluster.scheduler().now() + 60_000;
        while (!converged(key)) {
            if (cluster.scheduler().now() > deadline) {
                throw new AssertionError(key + " did not converge within a minute of virtual time after the heal");
            }
            cluster.scheduler().runFor(50);
        }
    }

    private boolean converged(Key key) {
        List<NodeId> primaries = cluster.ring().preferenceList(io.dynacart.store.ring.KeyHash.of(key), 3).primaries();
        java.util.Set<java.util.Set<Object>> held = new java.util.HashSet<>();
        for (NodeId id : primaries) {
            held.add(java.util.Set.copyOf(cluster.storage(id).get(key).stream().map(v -> (Object) v.version()).toList()));
        }
        return held.size() == 1 && cluster.nodeIds().stream().allMatch(id -> cluster.storage(id).hints().counts().isEmpty());
    }

    /**
     * Waits until every running node coordinates quorum reads of keys spread over the ring (so it has
     * learnt which peers it cannot reach); fails after a minute of virtual time.
     */
    void awaitServing() {
        long deadline = cluster.scheduler().now() + 60_000;
        for (NodeId id : cluster.nodeIds()) {
            for (int i = 0; i < 32 && cluster.isRunning(id); i++) {
                Key probe = Key.of("probe:" + i);
                while (true) {
                    CompletableFuture<GetResult> read = cluster.client(id).get(probe);
                    settle(read, 5_000);
                    if (read.isDone() && !read.isCompletedExceptionally()) {
                        break;
                    }
                    if (cluster.scheduler().now() > deadline) {
                        throw new AssertionError(id + " does not serve reads a minute after the network changed");
                    }
                }
            }
        }
    }

    <T> T await(CompletableFuture<T> future) {
        return cluster.scheduler().await(future);
    }

    /** Runs virtual time until {@code future} completes or {@code millis} pass. */
    void settle(CompletableFuture<?> future, long millis) {
        cluster.scheduler().runUntilDone(future, millis);
    }

    /**
     * The store as a device reaches it: through the first running coordinator on its list. It
     * remembers the last read of each key, so a test can tell what a write was based on.
     */
    final class DeviceStore implements KvStore {
        private final List<NodeId> coordinators;
        private final Map<Key, GetResult> lastRead = new HashMap<>();

        DeviceStore(List<NodeId> coordinators) {
            this.coordinators = coordinators;
        }

        private KvStore coordinator() {
            for (NodeId id : coordinators) {
                if (cluster.isRunning(id)) {
                    return cluster.client(id);
                }
            }
            throw new IllegalStateException("every coordinator of this device is down: " + coordinators);
        }

        GetResult lastRead(Key key) {
            return lastRead.get(key);
        }

        @Override
        public Quorum defaultQuorum() {
            return Quorum.DEFAULT;
        }

        @Override
        public CompletableFuture<GetResult> get(Key key, Quorum quorum) {
            return coordinator().get(key, quorum).thenApply(r -> {
                lastRead.put(key, r);
                return r;
            });
        }

        @Override
        public CompletableFuture<Context> put(Key key, Context context, byte[] value, Quorum quorum) {
            return coordinator().put(key, context, value, quorum);
        }

        @Override
        public CompletableFuture<Context> delete(Key key, Context context, Quorum quorum) {
            return coordinator().delete(key, context, quorum);
        }
    }
}
