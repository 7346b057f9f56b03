package io.dynacart.store.membership;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.identity.Zone;
import io.dynacart.store.ring.Ring;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The total order gossip uses to pick one of two rings: the higher version, and for two different
 * rings of one version (made by concurrent proposals at two nodes) a tie-break on content that every
 * node computes alike: more partitions, then the owner list compared partition by partition (by node
 * id), then the weights compared node by node, then the zones node by node. Which ring the tie-break
 * favours carries no meaning; that it is the same everywhere makes views converge.
 */
final class RingOrder {

    static final Comparator<Ring> BY_VERSION_THEN_CONTENT = Comparator.comparingLong(Ring::version)
            .thenComparingInt(Ring::partitionCount)
            .thenComparing(Ring::owners, RingOrder::compareLists)
            .thenComparing(Ring::weights, RingOrder::compareWeights)
            .thenComparing(Ring::zones, RingOrder::compareZones);

    private RingOrder() {
    }

    /** The ring gossip keeps of {@code a} and {@code b}. */
    static Ring later(Ring a, Ring b) {
        return BY_VERSION_THEN_CONTENT.compare(a, b) >= 0 ? a : b;
    }

    private static int compareLists(List<NodeId> a, List<NodeId> b) {
        int bySize = Integer.compare(a.size(), b.size());
        for (int i = 0; bySize == 0 && i < a.size(); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return bySize;
    }

    /** Both maps are sorted by node (a ring keeps its weights so). */
    private static int compareWeights(Map<NodeId, Integer> a, Map<NodeId, Integer> b) {
        int bySize = Integer.compare(a.size(), b.size());
        if (bySize != 0) {
            return bySize;
        }
        Iterator<Map.Entry<NodeId, Integer>> ia = a.entrySet().iterator();
        Iterator<Map.Entry<NodeId, Integer>> ib = b.entrySet().iterator();
        while (ia.hasNext()) {
            Map.Entry<NodeId, Integer> ea = ia.next();
            Map.Entry<NodeId, Integer> eb = ib.next();
            int c = ea.getKey().compareTo(eb.getKey());
            if (c == 0) {
                c = Integer.compare(ea.getValue(), eb.getValue());
            }
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** Both maps are sorted by node and name the same nodes once the weights compared equal. */
    private static int compareZones(Map<NodeId, Zone> a, Map<NodeId, Zone> b) {
        Iterator<Map.Entry<NodeId, Zone>> ia = a.entrySet().iterator();
        Iterator<Map.Entry<NodeId, Zone>> ib = b.entrySet().iterator();
        while (ia.hasNext() && ib.hasNext()) {
            Map.Entry<NodeId, Zone> ea = ia.next();
            Map.Entry<NodeId, Zone> eb = ib.next();
            int c = ea.getKey().compareTo(eb.getKey());
            if (c == 0) {
                c = ea.getValue().compareTo(eb.getValue());
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
