package io.dynacart.store.cluster;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Context;
import java.util.concurrent.CompletableFuture;

/**
 * One request to one chosen node, over HTTP ({@link HttpExchange}) or the binary client protocol
 * ({@link WireExchange}). A future fails with {@link Unreachable} when the node did not answer (the
 * caller tries the next node), or with the exception a local {@code KvStore} would have thrown for
 * the node's error answer.
 */
interface NodeExchange extends AutoCloseable {

    /** A read with {@code quorum}'s R, or with the node's (its namespace's) R when {@code quorum} is null. */
    CompletableFuture<GetResult> get(NodeId node, Key key, Quorum quorum);

    /** A put of {@code value}, or a delete when {@code value} is null; W as for {@link #get}. */
    CompletableFuture<Context> write(NodeId node, Key key, Context context, byte[] value, Quorum quorum);

    /** Learns where nodes listen from a refreshed topology. */
    void topology(Topology topology);

    @Override
    void close();
}
