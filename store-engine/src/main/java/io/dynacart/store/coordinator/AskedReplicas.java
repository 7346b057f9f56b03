package io.dynacart.store.coordinator;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.Replica;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * The nodes one request asked, when, and which silent ones already have a stand-in: pure
 * bookkeeping for the replica waits of {@link PutOperation} and {@link GetOperation}.
 */
final class AskedReplicas {

    private record Asked(Replica replica, long sentAt) {
    }

    private final Map<NodeId, Asked> asked = new LinkedHashMap<>();
    private final Set<NodeId> replaced = new HashSet<>();

    void asked(Replica replica, long at) {
        asked.putIfAbsent(replica.node(), new Asked(replica, at));
    }

    boolean contains(NodeId node) {
        return asked.containsKey(node);
    }

    long sentAt(NodeId node) {
        Asked a = asked.get(node);
        return a == null ? -1 : a.sentAt();
    }

    /** Whether {@code node} was given up on (a stand-in was sought for it). */
    boolean replaced(NodeId node) {
        return replaced.contains(node);
    }

    /** Every replica asked, in the order asked. */
    List<Replica> all() {
        return asked.values().stream().map(Asked::replica).toList();
    }

    /**
     * The asked nodes that have not {@code answered}, whose wait ({@code waitEnds}: node to the
     * end of its wait) is over at {@code now}, and that have no stand-in yet; they are marked as
     * replaced, whether or not a stand-in is found for them.
     */
    List<Replica> overdue(long now, Predicate<NodeId> answered, ToLongFunction<NodeId> waitEnds) {
        List<Replica> out = new ArrayList<>();
        for (Asked a : asked.values()) {
            NodeId node = a.replica().node();
            if (!answered.test(node) && !replaced.contains(node) && waitEnds.applyAsLong(node) <= now) {
                replaced.add(node);
                out.add(a.replica());
            }
        }
        return out;
    }

    /** {@code node}, asked and still without a stand-in, needs one now whatever its wait: marks it replaced. */
    Optional<Replica> giveUp(NodeId node) {
        Asked a = asked.get(node);
        if (a == null || !replaced.add(node)) {
            return Optional.empty();
        }
        return Optional.of(a.replica());
    }

    /** When the earliest wait of a silent node without stand-in ends; empty when none is pending. */
    OptionalLong nextWaitEnd(Predicate<NodeId> answered, ToLongFunction<NodeId> waitEnds) {
        long next = Long.MAX_VALUE;
        for (Asked a : asked.values()) {
            NodeId node = a.replica().node();
            if (!answered.test(node) && !replaced.contains(node)) {
                next = Math.min(next, waitEnds.applyAsLong(node));
            }
        }
        return next == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(next);
    }
}
