package io.dynacart.store.cluster;

import io.dynacart.store.identity.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A client's memory of nodes that recently failed to answer: they are tried last, until they answer
 * again. Thread-safe.
 */
final class Suspects {

    private final Map<NodeId, Long> failedAt = new ConcurrentHashMap<>();

    void failed(NodeId node) {
        failedAt.put(node, System.nanoTime());
    }

    void answered(NodeId node) {
        failedAt.remove(node);
    }

    boolean suspected(NodeId node) {
        return failedAt.containsKey(node);
    }

    /** {@code nodes} in their order, suspects moved to the end. */
    List<NodeId> orderedByHealth(List<NodeId> nodes) {
        List<NodeId> healthy = new ArrayList<>();
        List<NodeId> suspect = new ArrayList<>();
        for (NodeId n : nodes) {
            (failedAt.containsKey(n) ? suspect : healthy).add(n);
        }
        healthy.addAll(suspect);
        return healthy;
    }
}
