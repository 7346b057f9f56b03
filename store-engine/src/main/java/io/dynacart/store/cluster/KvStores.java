package io.dynacart.store.cluster;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.MeteredKvStore;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.StoreClosedException;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@link KvStore}s that route to the nodes of a {@link Cluster} or measure another store: one
 * place for what front ends, the load generator, the demo and the benchmarks use.
 *
 * <ul>
 *   <li>{@link #pinned}: coordinated by the first running node of a fixed order;</li>
 *   <li>{@link #roundRobin(List)}: each call by the next store in turn;</li>
 *   <li>{@link #anyRunning}: each call by the next running node in turn, moving on when it stops;</li>
 *   <li>{@link #metered}: another store, each call timed into a {@link MeteredKvStore.Meter}.</li>
 * </ul>
 * Looking a node up takes no lock (see {@link LocalCluster#client}), so calls may be chained on node
 * threads.
 */
public final class KvStores {

    private KvStores() {
    }

    /**
     * Every call coordinated by the first running node of {@code order}, looked up per call, so a
     * restarted node is used again. With every node of {@code order} stopped, calls fail with
     * {@link StoreClosedException}.
     */
    public static KvStore pinned(Cluster cluster, List<NodeId> order, Quorum quorum) {
        if (order.isEmpty()) {
            throw new IllegalArgumentException("a pinned client needs at least one node");
        }
        List<NodeId> nodes = List.copyOf(order);
        String none = nodes.size() == 1 ? "node " + nodes.get(0) + " is stopped" : "every node of " + nodes + " is stopped";
        return new Routed(quorum, () -> {
            for (NodeId id : nodes) {
                try {
                    return cluster.client(id);
                } catch (IllegalStateException stopped) {
                    // try the next
                }
            }
            throw new StoreClosedException(none);
        });
    }

    /** Each call coordinated by the next of {@code stores} in turn; the default quorum is the first's. */
    public static KvStore roundRobin(List<? extends KvStore> stores) {
        if (stores.isEmpty()) {
            throw new IllegalArgumentException("a round robin needs at least one store");
        }
        List<KvStore> all = List.copyOf(stores);
        AtomicLong next = new AtomicLong();
        return new Routed(all.get(0).defaultQuorum(), () -> all.get((int) (next.getAndIncrement() % all.size())));
    }

    /**
     * Each call coordinated by the next member in turn that runs, moving on to the next when that
     * node turns out to be stopped (also when it stops during the call); any other failure is
     * answered as it is: retrying a put that may have been written is the caller's call. With no node
     * running, calls fail with {@link StoreClosedException}.
     */
    public static KvStore anyRunning(Cluster cluster, Quorum quorum) {
        return new AnyRunning(cluster, quorum);
    }

    /**
     * {@code store}, each call timed from the call to the completion of its future into {@code meter}
     * (see {@link MeteredKvStore}). It changes nothing else: the same values and errors.
     */
    public static KvStore metered(KvStore store, MeteredKvStore.Meter meter) {
        return new MeteredKvStore(store, meter);
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    /** Every call coordinated by the store {@code next} picks for it. */
    private record Routed(Quorum defaultQuorum, Supplier<KvStore> next) implements KvStore {
        private <T> CompletableFuture<T> via(Function<KvStore, CompletableFuture<T>> call) {
            KvStore store;
            try {
                store = next.get();
            } catch (StoreClosedException e) {
                return CompletableFuture.failedFuture(e);
            }
            return call.apply(store);
        }

        @Override
        public CompletableFuture<GetResult> get(Key key, Quorum quorum) {
            return via(s -> s.get(key, quorum));
        }

        @Override
        public CompletableFuture<Context> put(Key key, Context context, byte[] value, Quorum quorum) {
            return via(s -> s.put(key, context, value, quorum));
        }

        @Override
        public CompletableFuture<Context> delete(Key key, Context context, Quorum quorum) {
            return via(s -> s.delete(key, context, quorum));
        }

        /** The picked store applies its own namespace's quorum. */
        @Override
        public CompletableFuture<GetResult> get(Key key) {
            return via(s -> s.get(key));
        }

        @Override
        public CompletableFuture<Context> put(Key key, Context context, byte[] value) {
            return via(s -> s.put(key, context, value));
        }

        @Override
        public CompletableFuture<Context> delete(Key key, Context context) {
            return via(s -> s.delete(key, context));
        }
    }

    private static final class AnyRunning implements KvStore {
        private final Cluster cluster;
        private final Quorum quorum;
        private final AtomicLong next = new AtomicLong();

        AnyRunning(Cluster cluster, Quorum quorum) {
            this.cluster = cluster;
            this.quorum = quorum;
        }

        @Override
        public Quorum defaultQuorum() {
            return quorum;
        }

        @Override
        public CompletableFuture<GetResult> get(Key key, Quorum q) {
            return attempt(order(), 0, s -> s.get(key, q));
        }

        @Override
        public CompletableFuture<Context> put(Key key, Context context, byte[] value, Quorum q) {
            return attempt(order(), 0, s -> s.put(key, context, value, q));
        }

        @Override
        public CompletableFuture<Context> delete(Key key, Context context, Quorum q) {
            return attempt(order(), 0, s -> s.delete(key, context, q));
        }

        /** The node that takes the call applies its own namespace's quorum. */
        @Override
        public CompletableFuture<GetResult> get(Key key) {
            return attempt(order(), 0, s -> s.get(key));
        }

        @Override
        public CompletableFuture<Context> put(Key key, Context context, byte[] value) {
            return attempt(order(), 0, s -> s.put(key, context, value));
        }

        @Override
        public CompletableFuture<Context> delete(Key key, Context context) {
            return attempt(order(), 0, s -> s.delete(key, context));
        }

        /** The members to try, starting at the next in turn. */
        private List<NodeId> order() {
            List<NodeId> ids = cluster.nodeIds();
            int start = (int) Math.floorMod(next.getAndIncrement(), (long) ids.size());
            List<NodeId> out = new ArrayList<>(ids.size());
            for (int i = 0; i < ids.size(); i++) {
                out.add(ids.get((start + i) % ids.size()));
            }
            return out;
        }

        private <T> CompletableFuture<T> attempt(List<NodeId> order, int i, Function<KvStore, CompletableFuture<T>> call) {
            if (i >= order.size()) {
                return CompletableFuture.failedFuture(new StoreClosedException("no node of the cluster is running"));
            }
            KvStore store;
            try {
                store = cluster.client(order.get(i));
            } catch (IllegalStateException stopped) {
                return attempt(order, i + 1, call);
            }
            return call.apply(store).handle((v, e) -> {
                if (e == null) {
                    return CompletableFuture.completedFuture(v);
                }
                Throwable cause = unwrap(e);
                return cause instanceof StoreClosedException ? attempt(order, i + 1, call)
                        : CompletableFuture.<T>failedFuture(cause);
            }).thenCompose(Function.identity());
        }
    }
}
