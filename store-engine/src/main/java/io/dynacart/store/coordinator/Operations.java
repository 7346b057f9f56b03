package io.dynacart.store.coordinator;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.transport.ReplicationMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * The operations in flight at one coordinator, by request id. Answers remove theirs as soon as it
 * finishes; a sweep catches those finished by a timer. Amortized: a pass over every operation happens
 * only once the map has doubled since the last pass (a pass on every answer made the coordinator
 * quadratic in requests in flight: measured, it capped a 5-node cluster near 2,000 operations per
 * second). Confined to the node's event loop.
 */
final class Operations {

    private static final int MIN_SWEEP = 64;
    private final Map<Long, Operation> byId = new HashMap<>();
    private int sweepAt = MIN_SWEEP;

    void add(long id, Operation op) {
        if (!op.finished()) {
            byId.put(id, op);
        }
        sweep();
    }

    /** Hands {@code answer} to the operation it names; answers to finished requests are dropped. */
    void route(NodeId from, ReplicationMessage answer) {
        long id = requestId(answer);
        Operation op = byId.get(id);
        if (op != null) {
            op.answer(from, answer);
            if (op.finished()) {
                byId.remove(id);
            }
        }
        sweep();
    }

    void unreachable(NodeId peer) {
        for (Operation op : new ArrayList<>(byId.values())) {
            op.unreachable(peer);
        }
        sweep();
    }

    int size() {
        byId.values().removeIf(Operation::finished);
        return byId.size();
    }

    private void sweep() {
        if (byId.size() < sweepAt) {
            return;
        }
        byId.values().removeIf(Operation::finished);
        sweepAt = Math.max(MIN_SWEEP, 2 * byId.size());
    }

    private static long requestId(ReplicationMessage answer) {
        if (answer instanceof ReplicationMessage.WriteAck m) {
            return m.requestId();
        } else if (answer instanceof ReplicationMessage.ReadReply m) {
            return m.requestId();
        } else if (answer instanceof ReplicationMessage.ReplicaFailed m) {
            return m.requestId();
        } else if (answer instanceof ReplicationMessage.ForwardPutAccepted m) {
            return m.requestId();
        } else if (answer instanceof ReplicationMessage.ForwardPutDone m) {
            return m.requestId();
        } else if (answer instanceof ReplicationMessage.ForwardPutFailed m) {
            return m.requestId();
        } else if (answer instanceof ReplicationMessage.ForwardPutRefused m) {
            return m.requestId();
        }
        throw new IllegalArgumentException("not an answer: " + answer);
    }
}
