package io.dynacart.store.membership;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.Claim;
import io.dynacart.store.ring.Ring;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Small clusters for membership tests: nodes n1..nK, 16 partitions, n = 3. */
final class TestViews {

    static final int Q = 16;
    static final int N = 3;

    private TestViews() {
    }

    static NodeId node(int i) {
        return NodeId.of("n" + i);
    }

    static Member member(int i, long generation, long version) {
        return new Member(node(i), "10.0.0." + i + ":7000", "10.0.0." + i + ":8080", 1, generation, version);
    }

    /** The first ring of nodes n1..n{count}, each of weight 1. */
    static Ring ring(int count) {
        Map<NodeId, Integer> weights = new TreeMap<>();
        for (int i = 1; i <= count; i++) {
            weights.put(node(i), 1);
        }
        return Claim.initial(weights, Q, N);
    }

    /** Members n1..n{count} at generation 1, version 0. */
    static List<Member> members(int count) {
        List<Member> out = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            out.add(member(i, 1, 0));
        }
        return out;
    }

    /** A settled cluster of {@code count} nodes: all members, their ring, no transition. */
    static MembershipView cluster(int count) {
        return new MembershipView(members(count), ring(count), null, N);
    }
}
