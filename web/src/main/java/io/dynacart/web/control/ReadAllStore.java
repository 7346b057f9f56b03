package io.dynacart.web.control;

import io.dynacart.store.identity.Namespace;
import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.KvStoreException;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.identity.Key;
import io.dynacart.store.versioning.Context;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Reads with R = N when the replicas can all answer, and with the default R when they cannot. The
 * lab inspects a cart this way: right after a heal, an R=2 read may be answered by two replicas of
 * one side and miss the other side's version; R=3 sees every sibling once all replicas are reachable.
 * Writes are unchanged.
 */
public final class ReadAllStore implements KvStore {

    private final KvStore delegate;

    public ReadAllStore(KvStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public Quorum defaultQuorum() {
        return delegate.defaultQuorum();
    }

    @Override
    public Quorum defaultQuorum(Namespace namespace) {
        return delegate.defaultQuorum(namespace);
    }

    @Override
    public CompletableFuture<GetResult> get(Key key, Quorum quorum) {
        Quorum all = quorum.withR(quorum.n());
        return delegate.get(key, all).handle((r, e) -> {
            if (e == null) {
                return CompletableFuture.completedFuture(r);
            }
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            return cause instanceof KvStoreException ? delegate.get(key, quorum)
                    : CompletableFuture.<GetResult>failedFuture(cause);
        }).thenCompose(Function.identity());
    }

    @Override
    public CompletableFuture<Context> put(Key key, Context context, byte[] value, Quorum quorum) {
        return delegate.put(key, context, value, quorum);
    }

    @Override
    public CompletableFuture<Context> delete(Key key, Context context, Quorum quorum) {
        return delegate.delete(key, context, quorum);
    }
}
