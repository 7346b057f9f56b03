package io.dynacart.store.coordinator;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.PreferenceList;
import io.dynacart.store.ring.Replica;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Who one request asks first, and who stands in for a node that stays silent: pure bookkeeping over
 * the key's extended preference list (its N primaries, then every other node of the ring, in walk
 * order), with no waiting.
 *
 * <p>First: each primary, or for a primary believed unreachable the next fallback believed reachable
 * ({@link PreferenceList#targets}). Stand-ins, handed out one per silent node: the fallbacks not used
 * yet, those believed reachable first; then, as a last resort, the nodes believed unreachable,
 * primaries among them, because a belief can be wrong (a node just restarted, a detector slow to
 * forgive) and a write must not fail while W nodes would take it. No node is asked twice.
 *
 * <p>A stand-in keeps its copy as a hint for the primary the silent node was to hold it for; a
 * primary asked as a stand-in keeps it as its own.
 */
final class StandIns {

    private final List<Replica> first;
    private final Deque<NodeId> spares;
    private final Set<NodeId> primaries;
    private final NodeId replaced;

    private StandIns(List<Replica> first, Deque<NodeId> spares, Set<NodeId> primaries, NodeId replaced) {
        this.first = List.copyOf(first);
        this.spares = spares;
        this.primaries = primaries;
        this.replaced = replaced;
    }

    /** A request coordinated by one of the key's primaries, or a read anywhere. */
    static StandIns forRequest(PreferenceList list, Predicate<NodeId> reachable) {
        List<Replica> first = list.targets(reachable);
        return new StandIns(first, spares(list, reachable, used(first), null), new HashSet<>(list.primaries()), null);
    }

    /**
     * A read: every primary is asked, those believed unreachable too (a belief can be wrong, and a
     * primary's answer is worth more than a fallback's), and for each of those the next fallback
     * believed reachable as well, whose reply {@link GetOperation} counts only once that primary has
     * stayed silent past its wait.
     */
    static StandIns forRead(PreferenceList list, Predicate<NodeId> reachable) {
        List<Replica> first = new ArrayList<>();
        list.primaries().forEach(p -> first.add(new Replica.Primary(p)));
        for (Replica r : list.targets(reachable)) {
            if (r instanceof Replica.Fallback) {
                first.add(r);
            }
        }
        return new StandIns(first, spares(list, reachable, used(first), null), new HashSet<>(list.primaries()), null);
    }

    /**
     * A put that {@code self}, outside the key's primaries, coordinates because {@code silent} (the
     * primary it forwarded to, or null when it saw none reachable) gave no sign of life. {@code self}
     * takes the silent primary's place (or the first unreachable primary's). Every other primary
     * believed reachable is asked as usual; and since a partition seldom cuts one node off alone,
     * the next reachable fallback is asked at once as well, standing in for the last of them.
     */
    static StandIns forTakeOver(PreferenceList list, Predicate<NodeId> reachable, NodeId self, NodeId silent) {
        List<NodeId> fallbacks = new ArrayList<>(list.fallbacks());
        fallbacks.remove(self);
        Deque<NodeId> reachableFallbacks = new ArrayDeque<>(fallbacks.stream().filter(reachable).toList());
        List<Replica> first = new ArrayList<>();
        NodeId replaced = replacedBy(list, reachable, silent);
        NodeId lastPrimaryAsked = null;
        for (NodeId p : list.primaries()) {
            if (p.equals(replaced)) {
                first.add(new Replica.Fallback(self, p));
            } else if (reachable.test(p)) {
                first.add(new Replica.Primary(p));
                lastPrimaryAsked = p;
            } else if (!reachableFallbacks.isEmpty()) {
                first.add(new Replica.Fallback(reachableFallbacks.poll(), p));
            }
        }
        if (lastPrimaryAsked != null && !reachableFallbacks.isEmpty()) {
            first.add(new Replica.Fallback(reachableFallbacks.poll(), lastPrimaryAsked));
        }
        Set<NodeId> used = used(first);
        used.add(replaced);
        Deque<NodeId> spares = spares(list, reachable, used, self);
        if (!replaced.equals(silent)) {
            spares.addFirst(replaced); // alive as far as anyone knows: the first to ask when one is silent
        } // a silent one has the put already, and coordinates it if it is alive at all
        return new StandIns(first, spares, new HashSet<>(list.primaries()), replaced);
    }

    /**
     * Whose place a node taking a put over takes: the silent primary, or when it is no longer one
     * (the ring changed meanwhile) or none was asked, the first primary believed unreachable, else
     * the last primary.
     */
    private static NodeId replacedBy(PreferenceList list, Predicate<NodeId> reachable, NodeId silent) {
        List<NodeId> primaries = list.primaries();
        if (silent != null && primaries.contains(silent)) {
            return silent;
        }
        return primaries.stream().filter(p -> !reachable.test(p)).findFirst()
                .orElse(primaries.get(primaries.size() - 1));
    }

    /** Fallbacks not used, reachable ones first, then every node believed unreachable; {@code self} never. */
    private static Deque<NodeId> spares(PreferenceList list, Predicate<NodeId> reachable, Set<NodeId> used,
                                        NodeId self) {
        Deque<NodeId> out = new ArrayDeque<>();
        List<NodeId> lastResort = new ArrayList<>();
        for (NodeId f : list.fallbacks()) {
            if (used.contains(f) || f.equals(self)) {
                continue;
            }
            if (reachable.test(f)) {
                out.add(f);
            } else {
                lastResort.add(f);
            }
        }
        for (NodeId p : list.primaries()) {
            if (!used.contains(p) && !reachable.test(p) && !p.equals(self)) {
                out.add(p);
            }
        }
        out.addAll(lastResort);
        return out;
    }

    private static Set<NodeId> used(List<Replica> replicas) {
        Set<NodeId> used = new HashSet<>();
        replicas.forEach(r -> used.add(r.node()));
        return used;
    }

    /**
     * These stand-ins with the spares {@code preferred} accepts handed out first, each group in its
     * order: a local quorum prefers the nodes of its zone, whose answers are the ones it counts.
     */
    StandIns preferring(Predicate<NodeId> preferred) {
        Deque<NodeId> reordered = new ArrayDeque<>();
        spares.stream().filter(preferred).forEach(reordered::add);
        spares.stream().filter(preferred.negate()).forEach(reordered::add);
        return new StandIns(first, reordered, primaries, replaced);
    }

    /** For a take-over, the primary whose place the coordinator takes; null otherwise. */
    NodeId replaced() {
        return replaced;
    }

    /** The nodes to ask at once. */
    List<Replica> first() {
        return first;
    }

    /** Stand-ins not handed out yet. */
    int left() {
        return spares.size();
    }

    /** Stand-ins not handed out yet that {@code which} accepts. */
    int left(Predicate<NodeId> which) {
        return (int) spares.stream().filter(which).count();
    }

    /** The next stand-in for {@code silent}, if any is left. */
    Optional<Replica> standInFor(Replica silent) {
        NodeId next = spares.poll();
        if (next == null) {
            return Optional.empty();
        }
        if (primaries.contains(next)) {
            return Optional.of(new Replica.Primary(next));
        }
        NodeId intended = silent instanceof Replica.Fallback f ? f.intendedFor() : silent.node();
        return Optional.of(new Replica.Fallback(next, intended));
    }
}
