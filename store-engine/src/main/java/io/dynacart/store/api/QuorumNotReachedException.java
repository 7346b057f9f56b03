package io.dynacart.store.api;

import io.dynacart.store.identity.NodeId;
import java.util.List;

/**
 * Fewer replicas than R (a get) or W (a put) answered in time. {@code missing} names the nodes that
 * were asked and did not answer; for a put, replicas that did acknowledge keep the write, and it
 * may yet reach the others, so a retry with the same context is safe.
 */
public final class QuorumNotReachedException extends KvStoreException {

    private final String operation;
    private final int required;
    private final int answered;
    private final List<NodeId> missing;

    public QuorumNotReachedException(String operation, int required, int answered, List<NodeId> missing) {
        super(operation + " needed " + required + " replicas but " + answered + " answered in time"
                + (missing.isEmpty() ? "; no other replica was reachable" : "; no answer from " + missing));
        this.operation = operation;
        this.required = required;
        this.answered = answered;
        this.missing = List.copyOf(missing);
    }

    /**
     * A node's answer that its quorum was not reached (a 503 over HTTP, OVERLOADED on the client
     * protocol), in the node's own words: {@link #required} and {@link #answered} are -1 (unknown)
     * unless the words say them.
     */
    public QuorumNotReachedException(String nodeMessage, List<NodeId> missing) {
        super(nodeMessage);
        this.operation = "request";
        this.required = -1;
        this.answered = -1;
        this.missing = List.copyOf(missing);
    }

    public String operation() {
        return operation;
    }

    public int required() {
        return required;
    }

    public int answered() {
        return answered;
    }

    public List<NodeId> missing() {
        return missing;
    }
}
