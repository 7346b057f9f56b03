package io.dynacart.web.metrics;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.identity.Key;
import io.dynacart.store.versioning.Context;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link KvStore} that times every call from the call to the completion of its future into
 * {@link StoreMetrics}, and counts how many versions each read saw. It changes nothing else: the
 * same futures, values and errors.
 */
public final class MeteredKvStore implements KvStore {

    private final KvStore delegate;
    private final StoreMetrics metrics;

    public MeteredKvStore(KvStore delegate, StoreMetrics metrics) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public Quorum defaultQuorum() {
        return delegate.defaultQuorum();
    }

    @Override
    public CompletableFuture<GetResult> get(Key key, Quorum quorum) {
        long start = System.nanoTime();
        return timed(Operation.GET, start, delegate.get(key, quorum)).whenComplete((r, e) -> {
            if (e == null) {
                metrics.recordRead(r.versionCount());
            }
        });
    }

    @Override
    public CompletableFuture<Context> put(Key key, Context context, byte[] value, Quorum quorum) {
        long start = System.nanoTime();
        return timed(Operation.PUT, start, delegate.put(key, context, value, quorum));
    }

    @Override
    public CompletableFuture<Context> delete(Key key, Context context, Quorum quorum) {
        long start = System.nanoTime();
        return timed(Operation.DELETE, start, delegate.delete(key, context, quorum));
    }

    private <T> CompletableFuture<T> timed(Operation op, long start, CompletableFuture<T> call) {
        return call.whenComplete((v, e) -> {
            if (e == null) {
                metrics.recordLatency(op, (System.nanoTime() - start) / 1000);
            } else {
                metrics.recordFailure(op);
            }
        });
    }
}
