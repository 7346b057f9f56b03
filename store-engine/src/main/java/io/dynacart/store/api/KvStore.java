package io.dynacart.store.api;

import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.Namespace;
import io.dynacart.store.versioning.Context;
import java.util.concurrent.CompletableFuture;

/**
 * The store as a client sees it (paper, section 4.1): {@code get} returns every concurrent version
 * and a context; {@code put} and {@code delete} take the context of what the client read, and
 * supersede exactly that. A blind write passes {@link Context#EMPTY}.
 *
 * <p>Bad input (key, value size, context) is rejected at the call; everything else completes the
 * future, failing it with a {@link KvStoreException} when no quorum answered
 * ({@link QuorumNotReachedException}) or when a put would pass the key's sibling caps
 * ({@link SiblingLimitException}: nothing is written; read, merge and write back with the read's
 * context). A context whose counters the key's coordinator refuses fails the future with
 * {@link io.dynacart.store.versioning.ClockLimitException} (see
 * {@link io.dynacart.store.versioning.ClockLimits}).
 *
 * <p>A key belongs to a namespace ({@link Key#namespace()}): a request to a key of a namespace the
 * node does not know fails with {@link UnknownNamespaceException}. A call that names no quorum uses
 * its namespace's ({@link #defaultQuorum(Namespace)}).
 */
public interface KvStore {

    /** The quorum used when a call to a key of the default namespace does not name one. */
    Quorum defaultQuorum();

    /**
     * The quorum used when a call to a key of {@code namespace} does not name one: the namespace's
     * N, R and W. This store's {@link #defaultQuorum()} unless it knows the namespace.
     */
    default Quorum defaultQuorum(Namespace namespace) {
        return defaultQuorum();
    }

    CompletableFuture<GetResult> get(Key key, Quorum quorum);

    /** Writes {@code value}; the future holds the context of the new version. */
    CompletableFuture<Context> put(Key key, Context context, byte[] value, Quorum quorum);

    /** Deletes what {@code context} names by writing a tombstone; the future holds its context. */
    CompletableFuture<Context> delete(Key key, Context context, Quorum quorum);

    default CompletableFuture<GetResult> get(Key key) {
        return get(key, defaultQuorum(key.namespace()));
    }

    default CompletableFuture<Context> put(Key key, Context context, byte[] value) {
        return put(key, context, value, defaultQuorum(key.namespace()));
    }

    default CompletableFuture<Context> delete(Key key, Context context) {
        return delete(key, context, defaultQuorum(key.namespace()));
    }
}
