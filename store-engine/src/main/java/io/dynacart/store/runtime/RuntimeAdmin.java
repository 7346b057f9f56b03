package io.dynacart.store.runtime;

import io.dynacart.store.http.AdminActions;
import io.dynacart.store.identity.NodeId;
import java.util.concurrent.CompletableFuture;

/** The HTTP admin calls, on a runtime ({@code runtime[0]}, set once the runtime exists). */
record RuntimeAdmin(NodeRuntime[] runtime) implements AdminActions {

    @Override
    public CompletableFuture<Long> join(int weight) {
        return runtime[0].join(weight);
    }

    @Override
    public CompletableFuture<Long> leave(String node) {
        NodeId leaver;
        try {
            leaver = node == null ? runtime[0].id() : NodeId.of(node);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("node: " + e.getMessage()));
        }
        return runtime[0].leave(leaver);
    }

    @Override
    public CompletableFuture<Integer> repair(int partition) {
        return runtime[0].repair(partition);
    }
}
