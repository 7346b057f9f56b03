package io.dynacart.web.control;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.StoreClosedException;
import io.dynacart.store.cluster.LocalCluster;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Context;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The store as one device of the divergence lab sees it: every call coordinated by one node, also
 * after that node was restarted (the node's client is looked up per call). While the node is stopped
 * the calls fail with {@link StoreClosedException}: the device has lost its server.
 */
public final class PinnedNodeStore implements KvStore {

    private final LocalCluster cluster;
    private final NodeId node;

    public PinnedNodeStore(LocalCluster cluster, NodeId node) {
        this.cluster = cluster;
        this.node = node;
    }

    public NodeId node() {
        return node;
    }

    @Override
    public Quorum defaultQuorum() {
        return Quorum.DEFAULT;
    }

    @Override
    public CompletableFuture<GetResult> get(Key key, Quorum quorum) {
        return call(s -> s.get(key, quorum));
    }

    @Override
    public CompletableFuture<Context> put(Key key, Context context, byte[] value, Quorum quorum) {
        return call(s -> s.put(key, context, value, quorum));
    }

    @Override
    public CompletableFuture<Context> delete(Key key, Context context, Quorum quorum) {
        return call(s -> s.delete(key, context, quorum));
    }

    private <T> CompletableFuture<T> call(Function<KvStore, CompletableFuture<T>> op) {
        KvStore store;
        try {
            store = cluster.client(node);
        } catch (IllegalStateException stopped) {
            return CompletableFuture.failedFuture(new StoreClosedException("node " + node + " is stopped"));
        }
        return op.apply(store);
    }
}
