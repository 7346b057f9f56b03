package io.dynacart.loadgen.target;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.StoreClosedException;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Context;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The store as one front end reaches it: through its node, or the next running one in order.
 *
 * <p>It reads the target's map of running nodes' clients and never calls into {@code LocalCluster}:
 * its calls run on node threads (the continuations of earlier requests), and {@code LocalCluster}'s
 * lock is held while a stopping node waits for those threads.
 */
final class PinnedStore implements KvStore {

    private final Map<NodeId, KvStore> running;
    private final List<NodeId> order;
    private final Quorum quorum;

    PinnedStore(Map<NodeId, KvStore> running, List<NodeId> order, Quorum quorum) {
        this.running = running;
        this.order = List.copyOf(order);
        this.quorum = quorum;
    }

    private <T> CompletableFuture<T> via(Function<KvStore, CompletableFuture<T>> call) {
        for (NodeId id : order) {
            KvStore client = running.get(id);
            if (client != null) {
                return call.apply(client);
            }
        }
        return CompletableFuture.failedFuture(new StoreClosedException("every node of " + order + " is stopped"));
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
