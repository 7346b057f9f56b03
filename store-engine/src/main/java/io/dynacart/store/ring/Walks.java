package io.dynacart.store.ring;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.identity.Zone;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The orders in which a {@link Ring} offers its nodes to each partition's keys: the walk clockwise
 * from the partition (paper, section 4.3), and, when nodes are in several zones, that walk with the
 * zones taking turns. Pure functions; the ring computes them once.
 */
final class Walks {

    private Walks() {
    }

    /** Each walk in zone order ({@link #zoneOrder}); a walk shared by consecutive partitions is reordered once. */
    static List<List<NodeId>> inZoneOrder(List<List<NodeId>> walks, Map<NodeId, Zone> zones) {
        List<List<NodeId>> orders = new ArrayList<>(walks.size());
        List<NodeId> lastWalk = null;
        List<NodeId> lastOrder = null;
        for (List<NodeId> walk : walks) {
            if (walk != lastWalk) {
                lastWalk = walk;
                lastOrder = zoneOrder(walk, zones);
            }
            orders.add(lastOrder);
        }
        return Collections.unmodifiableList(orders);
    }

    /**
     * The nodes of {@code walk} with zones taking turns: round k holds the (k+1)-th node met of each
     * zone that has one, in walk order; rounds follow each other. Equivalently: each next node is the
     * first one of the walk not taken yet among the zones taken least so far. So the first n nodes
     * span min(n, zones) zones, and no zone holds more than one node above another's among them,
     * unless that other zone has no node left.
     */
    static List<NodeId> zoneOrder(List<NodeId> walk, Map<NodeId, Zone> zones) {
        Map<Zone, Integer> metSoFar = new HashMap<>();
        int s = walk.size();
        int[] round = new int[s];
        int[] startOfRound = new int[s + 1];
        for (int i = 0; i < s; i++) {
            round[i] = metSoFar.merge(zones.get(walk.get(i)), 1, Integer::sum) - 1;
            startOfRound[round[i] + 1]++;
        }
        for (int k = 1; k <= s; k++) {
            startOfRound[k] += startOfRound[k - 1];
        }
        NodeId[] order = new NodeId[s];
        for (int i = 0; i < s; i++) {
            order[startOfRound[round[i]]++] = walk.get(i);
        }
        return List.of(order);
    }

    /**
     * Walk(p) is owner(p) followed by walk(p+1) without owner(p): moving left by one partition moves
     * one node to the front. So compute the walk from the last partition by scanning, then derive each
     * earlier one; a partition with the same owner as the next shares its walk.
     */
    static List<List<NodeId>> fromEveryPartition(List<NodeId> owners) {
        int q = owners.size();
        Set<NodeId> firstMet = new LinkedHashSet<>();
        for (int i = 0; i < q; i++) {
            firstMet.add(owners.get((q - 1 + i) % q));
        }
        NodeId[] walk = firstMet.toArray(new NodeId[0]);
        List<List<NodeId>> walks = new ArrayList<>(Collections.nCopies(q, List.<NodeId>of()));
        List<NodeId> current = List.of(walk);
        walks.set(q - 1, current);
        for (int p = q - 2; p >= 0; p--) {
            NodeId owner = owners.get(p);
            if (!walk[0].equals(owner)) {
                walk = moveToFront(walk, owner);
                current = List.of(walk);
            }
            walks.set(p, current);
        }
        return Collections.unmodifiableList(walks);
    }

    private static NodeId[] moveToFront(NodeId[] walk, NodeId node) {
        NodeId[] moved = new NodeId[walk.length];
        moved[0] = node;
        int to = 1;
        for (NodeId other : walk) {
            if (!other.equals(node)) {
                moved[to++] = other;
            }
        }
        return moved;
    }
}
