package io.dynacart.web.control;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.StoreClosedException;
import io.dynacart.store.cluster.LocalCluster;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The store as the shop sees it: each call is coordinated by the next running node, round robin, and
 * moves on to another when that node turns out to be stopped. So stopping a node from the cluster
 * page never breaks the shop; only a lost quorum does. (A coordinator that fails for any other
 * reason answers as it is: retrying a put that may have been written would be the caller's call.)
 */
public final class RunningNodeStore implements KvStore {

    private final LocalCluster cluster;
    private final AtomicInteger next = new AtomicInteger();

    public RunningNodeStore(LocalCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public Quorum defaultQuorum() {
        return Quorum.DEFAULT;
    }

    @Override
    public CompletableFuture<GetResult> get(Key key, Quorum quorum) {
        return attempt(order(), 0, s -> s.get(key, quorum));
    }

    @Override
    public CompletableFuture<Context> put(Key key, Context context, byte[] value, Quorum quorum) {
        return attempt(order(), 0, s -> s.put(key, context, value, quorum));
    }

    @Override
    public CompletableFuture<Context> delete(Key key, Context context, Quorum quorum) {
        return attempt(order(), 0, s -> s.delete(key, context, quorum));
    }

    /** The nodes to try, starting at the next in turn. */
    private List<NodeId> order() {
        List<NodeId> ids = cluster.nodeIds();
        int start = Math.floorMod(next.getAndIncrement(), ids.size());
        List<NodeId> out = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            out.add(ids.get((start + i) % ids.size()));
        }
        return out;
    }

    private <T> CompletableFuture<T> attempt(List<NodeId> order, int i, Function<KvStore, CompletableFuture<T>> call) {
        if (i >= order.size()) {
            return CompletableFuture.failedFuture(new StoreClosedException("no node of the demo cluster is running"));
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
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof StoreClosedException) {
                return attempt(order, i + 1, call);
            }
            return CompletableFuture.<T>failedFuture(cause);
        }).thenCompose(Function.identity());
    }
}
