package io.dynacart.store.ring;

import io.dynacart.store.identity.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Small rings written as strings, one letter per partition: {@code "ABCA"} is A, B, C, A. */
final class TestRings {

    private TestRings() {
    }

    /** The ring whose partition i is owned by the node named by letter i, every node with weight 1. */
    static Ring ring(String owners) {
        List<NodeId> list = new ArrayList<>();
        Map<NodeId, Integer> weights = new TreeMap<>();
        for (char letter : owners.toCharArray()) {
            NodeId node = NodeId.of(String.valueOf(letter));
            list.add(node);
            weights.put(node, 1);
        }
        return new Ring(0, list, weights);
    }

    /** Nodes named by the letters of {@code letters}, in order. */
    static List<NodeId> nodes(String letters) {
        List<NodeId> nodes = new ArrayList<>();
        for (char letter : letters.toCharArray()) {
            nodes.add(NodeId.of(String.valueOf(letter)));
        }
        return nodes;
    }

    /** Nodes n1..n{count}, each with weight 1. */
    static Map<NodeId, Integer> equalWeights(int count) {
        Map<NodeId, Integer> weights = new TreeMap<>();
        for (int i = 1; i <= count; i++) {
            weights.put(NodeId.of("n" + i), 1);
        }
        return weights;
    }
}
