package io.dynacart.store.versioning;

import io.dynacart.store.identity.NodeId;
import java.util.ArrayList;
import java.util.List;

/** Test shorthand: {@code clock("a", 2, "b", 1)} is the clock ([a,2],[b,1]), timestamps 0. */
final class Clocks {

    private Clocks() {
    }

    static NodeId node(String id) {
        return NodeId.of(id);
    }

    static VectorClock clock(Object... nodeCounterPairs) {
        List<VectorClock.Entry> entries = new ArrayList<>();
        for (int i = 0; i < nodeCounterPairs.length; i += 2) {
            long counter = ((Number) nodeCounterPairs[i + 1]).longValue();
            entries.add(new VectorClock.Entry(node((String) nodeCounterPairs[i]), counter, 0));
        }
        return VectorClock.of(entries.toArray(VectorClock.Entry[]::new));
    }

    static VectorClock.Entry entry(String node, long counter, long timestamp) {
        return new VectorClock.Entry(node(node), counter, timestamp);
    }
}
