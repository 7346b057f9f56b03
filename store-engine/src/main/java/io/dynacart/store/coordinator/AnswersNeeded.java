package io.dynacart.store.coordinator;

import io.dynacart.store.api.Quorum;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.identity.Zone;
import io.dynacart.store.ring.PreferenceList;
import java.util.Map;
import java.util.Objects;

/**
 * How many answers one read or write needs, and whose answers count: pure arithmetic over the key's
 * preference list, no waiting.
 *
 * <ul>
 *   <li>An R or W given as a number: that many, from any node asked (primaries and stand-ins).</li>
 *   <li>{@link Quorum#LOCAL}: a majority of the key's primaries in this node's zone, at least 1
 *       ({@link Quorum#localCount}), counting only answers from nodes of that zone; a stand-in of
 *       that zone counts, as any stand-in does under the sloppy quorum. Like Cassandra's
 *       LOCAL_QUORUM, it never waits for another zone. Two corner cases: when this node's zone holds
 *       none of the key's primaries (more zones than N), one answer from any node; when this node is
 *       not in the ring yet (so the ring gives it no zone), a majority of all N.</li>
 * </ul>
 *
 * @param required how many counted answers make the quorum (at least 1)
 * @param zone     the zone whose nodes' answers count, or null when every node's does
 * @param zones    the ring's zone of each node
 */
record AnswersNeeded(int required, Zone zone, Map<NodeId, Zone> zones) {

    AnswersNeeded {
        if (required < 1) {
            throw new IllegalArgumentException("a quorum needs at least 1 answer, was " + required);
        }
        Objects.requireNonNull(zones, "zones");
    }

    /** The answers a request for {@code requested} (a count or {@link Quorum#LOCAL}) coordinated by {@code self} needs. */
    static AnswersNeeded of(int requested, PreferenceList list, Map<NodeId, Zone> zones, NodeId self) {
        if (requested != Quorum.LOCAL) {
            return new AnswersNeeded(requested, null, zones);
        }
        Zone mine = zones.get(self);
        if (mine == null) {
            return new AnswersNeeded(Quorum.localCount(list.primaries().size()), null, zones);
        }
        int inZone = (int) list.primaries().stream().filter(p -> mine.equals(zones.get(p))).count();
        return inZone == 0 ? new AnswersNeeded(1, null, zones)
                : new AnswersNeeded(Quorum.localCount(inZone), mine, zones);
    }

    /** Whether {@code node}'s answer counts towards {@link #required}. */
    boolean counts(NodeId node) {
        return zone == null || zone.equals(zones.get(node));
    }

    /** Whether only some nodes' answers count (a local quorum of a zone). */
    boolean zoned() {
        return zone != null;
    }
}
