package io.dynacart.store.api;

import io.dynacart.store.identity.Namespace;
import io.dynacart.store.identity.Key;
import io.dynacart.store.versioning.Context;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A {@link KvStore} that times every call, from the call to the completion of its future, into a
 * {@link Meter}, and tells it each read's answer. It changes nothing else: the same values and
 * errors; the returned future completes after the meter was told, so a caller that waited sees the
 * call counted. The one metering decorator: a node's request metrics and the demo's store metrics are
 * {@link Meter}s.
 */
public final class MeteredKvStore implements KvStore {

    /** The operations of a store. */
    public enum Op { GET, PUT, DELETE }

    /** What a {@link MeteredKvStore} tells about each call. */
    public interface Meter {
        /**
         * A call of {@code op} took {@code nanos}; {@code error} is null when it succeeded, otherwise
         * the cause (unwrapped from {@link CompletionException}).
         */
        void completed(Op op, long nanos, Throwable error);

        /** A read answered {@code result} (told before {@link #completed}). */
        default void read(GetResult result) {
        }
    }

    private final KvStore store;
    private final Meter meter;

    public MeteredKvStore(KvStore store, Meter meter) {
        this.store = Objects.requireNonNull(store, "store");
        this.meter = Objects.requireNonNull(meter, "meter");
    }

    @Override
    public Quorum defaultQuorum() {
        return store.defaultQuorum();
    }

    @Override
    public Quorum defaultQuorum(Namespace namespace) {
        return store.defaultQuorum(namespace);
    }

    @Override
    public CompletableFuture<GetResult> get(Key key, Quorum quorum) {
        long start = System.nanoTime();
        return timed(Op.GET, start, store.get(key, quorum).whenComplete((r, e) -> {
            if (r != null) {
                meter.read(r);
            }
        }));
    }

    @Override
    public CompletableFuture<Context> put(Key key, Context context, byte[] value, Quorum quorum) {
        return timed(Op.PUT, System.nanoTime(), store.put(key, context, value, quorum));
    }

    @Override
    public CompletableFuture<Context> delete(Key key, Context context, Quorum quorum) {
        return timed(Op.DELETE, System.nanoTime(), store.delete(key, context, quorum));
    }

    private <T> CompletableFuture<T> timed(Op op, long start, CompletableFuture<T> call) {
        return call.whenComplete((v, e) -> meter.completed(op, System.nanoTime() - start,
                e == null ? null : e instanceof CompletionException && e.getCause() != null ? e.getCause() : e));
    }
}
