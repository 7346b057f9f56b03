package io.dynacart.store.ring;

import io.dynacart.store.identity.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where requests go while the ring may be changing (paper, section 4.9): reads and the write quorum
 * follow the {@code current} ring; while a join or leave moves partitions towards {@code target},
 * each write also goes to the nodes that will be replicas in the target but are not now, so that
 * nothing written during a transfer is missing when ownership switches.
 *
 * @param current the ring in force
 * @param target  the ring being moved to, or null when no transfer is under way
 */
public record Routing(Ring current, Ring target) {

    public Routing {
        Objects.requireNonNull(current, "current");
    }

    /** No transfer under way. */
    public static Routing of(Ring ring) {
        return new Routing(ring, null);
    }

    public PreferenceList preferenceList(KeyHash hash, int n) {
        return current.preferenceList(hash, n);
    }

    /** Nodes that are replicas of {@code hash} in the target but not in the current ring; empty when none. */
    public List<NodeId> pendingReplicas(KeyHash hash, int n) {
        if (target == null) {
            return List.of();
        }
        List<NodeId> now = current.preferenceList(hash, n).primaries();
        List<NodeId> pending = new ArrayList<>(1);
        for (NodeId node : target.preferenceList(hash, n).primaries()) {
            if (!now.contains(node)) {
                pending.add(node);
            }
        }
        return pending;
    }
}
