package io.dynacart.store.membership;

import io.dynacart.store.identity.NodeId;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * This node's local view of which peers answer (paper, section 4.8.3: failure detection is local
 * and does not change membership). A peer that missed {@code failuresToSuspect} requests in a row
 * is treated as unreachable, so requests go to fallbacks (the sloppy quorum); any message from it
 * makes it reachable again. It stays in the ring either way: only an operator removes a node.
 *
 * <p>Confined to the node's event loop; not thread-safe.
 */
public final class PeerHealth {

    /** Consecutive missed answers after which a peer is avoided. */
    public static final int DEFAULT_FAILURES_TO_SUSPECT = 2;

    private final int failuresToSuspect;
    private final Map<NodeId, Integer> consecutiveFailures = new HashMap<>();

    public PeerHealth(int failuresToSuspect) {
        if (failuresToSuspect < 1) {
            throw new IllegalArgumentException("failures to suspect must be >= 1, was " + failuresToSuspect);
        }
        this.failuresToSuspect = failuresToSuspect;
    }

    /** Whether requests should go to {@code peer}. */
    public boolean isReachable(NodeId peer) {
        return consecutiveFailures.getOrDefault(peer, 0) < failuresToSuspect;
    }

    /** {@code peer} answered or sent something: it is reachable. */
    public void heard(NodeId peer) {
        consecutiveFailures.remove(peer);
    }

    /** {@code peer} did not answer a request in time. */
    public void missed(NodeId peer) {
        consecutiveFailures.merge(peer, 1, Integer::sum);
    }

    /** The transport could not reach {@code peer} at all: avoid it now, without waiting for missed requests. */
    public void unreachable(NodeId peer) {
        consecutiveFailures.merge(peer, failuresToSuspect, Math::max);
    }

    /** Peers currently avoided, sorted. */
    public Set<NodeId> unreachable() {
        Set<NodeId> out = new TreeSet<>();
        consecutiveFailures.forEach((peer, n) -> {
            if (n >= failuresToSuspect) {
                out.add(peer);
            }
        });
        return out;
    }
}
