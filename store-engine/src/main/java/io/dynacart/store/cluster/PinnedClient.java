package io.dynacart.store.cluster;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.StoreClosedException;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Context;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The store as one front end of a {@link LocalCluster} reaches it: every call coordinated by the
 * first running node of {@code order}, looked up per call, so a restarted node is used again. With
 * every node of {@code order} stopped, calls fail with {@link StoreClosedException}. The lookup takes
 * no lock (see {@link LocalCluster#client}), so calls may be chained on node threads.
 */
public final class PinnedClient implements KvStore {

    private final LocalCluster cluster;
    private final List<NodeId> order;
    private final Quorum quorum;

    public PinnedClient(LocalCluster cluster, List<NodeId> order, Quorum quorum) {
        if (order.isEmpty()) {
            throw new IllegalArgumentException("a pinned client needs at least one node");
        }
        this.cluster = cluster;
        this.order = List.copyOf(order);
        this.quorum = quorum;
    }

    private <T> CompletableFuture<T> via(Function<KvStore, CompletableFuture<T>> call) {
        for (NodeId id : order) {
            KvStore client;
            try {
                client = cluster.client(id);
            } catch (IllegalStateException stopped) {
                continue;
            }
            return call.apply(client);
        }
        return CompletableFuture.failedFuture(new StoreClosedException(order.size() == 1
                ? "node " + order.get(0) + " is stopped" : "every node of " + order + " is stopped"));
    }

    @Override
    public Quorum defaultQuorum() {
        return quorum;
    }

    @Override
    public CompletableFuture<GetResult> get(Key key, Quorum q) {
        return via(s -> s.get(key, q));
    }

    @Override
    public CompletableFuture<Context> put(Key key, Context context, byte[] value, Quorum q) {
        return via(s -> s.put(key, context, value, q));
    }

    @Override
    public CompletableFuture<Context> delete(Key key, Context context, Quorum q) {
        return via(s -> s.delete(key, context, q));
    }
}
