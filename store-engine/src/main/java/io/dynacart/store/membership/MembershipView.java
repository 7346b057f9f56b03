package io.dynacart.store.membership;

import io.dynacart.store.api.NamespaceConfig;
import io.dynacart.store.api.NamespaceTable;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.ring.Ring;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * What one node believes about the cluster, as gossip carries it (paper, sections 4.8.1 and 4.9): every
 * member's entry, the current {@link Ring}, perhaps a {@link RingTransition} in progress, and the
 * replication factor n. Immutable; {@link #merge} is how views meet.
 *
 * <h2>Merge</h2>
 * <ul>
 *   <li>Members: per node, the entry with the higher heartbeat ({@link Member#newer}).</li>
 *   <li>Ring: the higher version; two different rings of one version by {@link RingOrder}'s content
 *       tie-break.</li>
 *   <li>Transition: one target's copies unite their done transfers; of two targets the later by
 *       {@link RingOrder} wins.</li>
 *   <li>Namespaces: per namespace, the later config ({@link NamespaceTable#merge}).</li>
 * </ul>
 * Then every view is normalized, in its constructor, so no view holds a stale or finished transition:
 * <ul>
 *   <li>a transition whose target version is not above the ring's is dropped (the ring moved past it);</li>
 *   <li>a transition whose done transfers cover {@link RingTransition#required} completes: the ring
 *       becomes its target and the transition goes. Every node computes this from the same data, so
 *       nodes complete it independently and agree.</li>
 * </ul>
 * Merge is commutative, idempotent, and associative for views of one history (at most one target per
 * ring version). With concurrent proposals of two different targets for one version, if the one that
 * loses the tie-break completes somewhere before the two meet, whether it survives can depend on the
 * order of merges; views still converge, since a ring of version v beats every transition to v.
 * {@link Proposals} refuses a proposal while a transition is known, which keeps this to the window
 * before gossip spreads a proposal.
 */
public final class MembershipView {

    private final SortedMap<NodeId, Member> members;
    private final Ring ring;
    private final RingTransition transition;
    private final int n;
    private final NamespaceTable namespaces;

    /**
     * A view of {@code members}, {@code ring} and {@code transition} (may be null), normalized as the
     * class comment says, with no namespace but the default one.
     */
    public MembershipView(Collection<Member> members, Ring ring, RingTransition transition, int n) {
        this(members, ring, transition, n, NamespaceTable.EMPTY);
    }

    /** As {@link #MembershipView(Collection, Ring, RingTransition, int)}, with the namespaces made so far. */
    public MembershipView(Collection<Member> members, Ring ring, RingTransition transition, int n,
                          NamespaceTable namespaces) {
        Objects.requireNonNull(ring, "ring");
        this.namespaces = Objects.requireNonNull(namespaces, "namespaces");
        if (n < 1) {
            throw new IllegalArgumentException("replication factor n must be >= 1, was " + n);
        }
        SortedMap<NodeId, Member> byId = new TreeMap<>();
        for (Member m : members) {
            byId.merge(m.id(), m, Member::newer);
        }
        this.members = Collections.unmodifiableSortedMap(byId);
        this.n = n;
        if (transition != null && transition.target().partitionCount() != ring.partitionCount()) {
            throw new IllegalArgumentException("transition target has " + transition.target().partitionCount()
                    + " partitions, the ring " + ring.partitionCount() + "; the partition count never changes");
        }
        if (transition == null || transition.target().version() <= ring.version()) {
            this.ring = ring;
            this.transition = null;
        } else if (transition.isCompleteFrom(ring, n)) {
            this.ring = transition.target();
            this.transition = null;
        } else {
            this.ring = ring;
            this.transition = transition;
        }
    }

    /**
     * A new node's first view before it hears from anyone: its own entry and a placeholder ring of
     * version 0 in which it owns every partition. Any real ring (version 1 and up) replaces it at the
     * first merge.
     */
    public static MembershipView bootstrap(Member self, int partitionCount, int n) {
        Ring placeholder = new Ring(0, Collections.nCopies(partitionCount, self.id()), Map.of(self.id(), self.weight()),
                Map.of(self.id(), self.zone()));
        return new MembershipView(List.of(self), placeholder, null, n);
    }

    /** Every known member's entry, by id. */
    public SortedMap<NodeId, Member> members() {
        return members;
    }

    public Optional<Member> member(NodeId id) {
        return Optional.ofNullable(members.get(id));
    }

    public Ring ring() {
        return ring;
    }

    public Optional<RingTransition> transition() {
        return Optional.ofNullable(transition);
    }

    /** The replication factor the transitions' required transfers are computed for. */
    public int n() {
        return n;
    }

    /** The namespaces made so far (the default one aside), each at its latest config. */
    public NamespaceTable namespaces() {
        return namespaces;
    }

    /** This view with {@code config}, kept only if it is later than the namespace's known config. */
    public MembershipView withNamespace(NamespaceConfig config) {
        NamespaceTable next = namespaces.with(config);
        return next == namespaces ? this : new MembershipView(members.values(), ring, transition, n, next);
    }

    /** The two views merged; see the class comment. */
    public MembershipView merge(MembershipView other) {
        if (other == this || other.equals(this)) {
            return this;
        }
        if (other.n != n || other.ring.partitionCount() != ring.partitionCount()) {
            throw new IllegalArgumentException("views of different clusters: n " + n + " and " + other.n
                    + ", " + ring.partitionCount() + " and " + other.ring.partitionCount() + " partitions");
        }
        List<Member> all = new ArrayList<>(members.values());
        all.addAll(other.members.values());
        RingTransition mergedTransition = transition == null ? other.transition
                : other.transition == null ? transition : RingTransition.merge(transition, other.transition);
        return new MembershipView(all, RingOrder.later(ring, other.ring), mergedTransition, n,
                namespaces.merge(other.namespaces));
    }

    /** This view with {@code member}'s entry, kept only if newer than the one known ({@link Member#newer}). */
    public MembershipView withMember(Member member) {
        List<Member> all = new ArrayList<>(members.values());
        all.add(member);
        return new MembershipView(all, ring, transition, n, namespaces);
    }

    /** This view with {@code next} as its transition, replacing any (normalized: it may complete at once). */
    public MembershipView withTransition(RingTransition next) {
        return new MembershipView(members.values(), ring, Objects.requireNonNull(next, "next"), n, namespaces);
    }

    /**
     * This view with {@code transfer} done; the transition completes if it was the last.
     *
     * @throws IllegalStateException if no transition is in progress
     */
    public MembershipView markDone(TransferKey transfer) {
        if (transition == null) {
            throw new IllegalStateException("no ring transition is in progress; " + transfer + " cannot be marked done");
        }
        return withTransition(transition.markDone(transfer));
    }

    /** The transfers the transition in progress needs, done or not; empty without one. */
    public SortedSet<TransferKey> requiredTransfers() {
        return transition == null ? Collections.emptySortedSet() : RingTransition.required(ring, transition.target(), n);
    }

    /** The transfers the transition in progress still waits for; empty without one. */
    public SortedSet<TransferKey> remainingTransfers() {
        SortedSet<TransferKey> remaining = new TreeSet<>(requiredTransfers());
        if (transition != null) {
            remaining.removeAll(transition.done());
        }
        return Collections.unmodifiableSortedSet(remaining);
    }

    /**
     * The nodes that will be among {@code partition}'s first n once the transition completes but are
     * not now. While a transition is in progress a coordinator sends writes to these as well as to the
     * current replicas, so nothing written during a transfer is missing from the new replica after it.
     */
    public List<NodeId> pendingReplicas(PartitionId partition) {
        if (transition == null) {
            return List.of();
        }
        List<NodeId> now = ring.preferenceList(partition, n).primaries();
        return transition.target().preferenceList(partition, n).primaries().stream()
                .filter(node -> !now.contains(node)).toList();
    }

    /**
     * The earliest hint horizon of the nodes that may keep hints (see {@link Member}): every node of
     * the ring and of a transition's target, and every other member that {@code live} says runs (a
     * node not yet joined may have coordinated a put). A ring node with no entry yet counts as 0.
     */
    public long hintHorizon(Predicate<NodeId> live) {
        Set<NodeId> counted = new TreeSet<>(ring.nodes());
        if (transition != null) {
            counted.addAll(transition.target().nodes());
        }
        members.keySet().stream().filter(live).forEach(counted::add);
        long horizon = Long.MAX_VALUE;
        for (NodeId node : counted) {
            Member m = members.get(node);
            horizon = Math.min(horizon, m == null ? 0 : m.hintHorizon());
        }
        return horizon;
    }

    /** {@code node}'s part in the ring; see {@link MemberStatus}. */
    public MemberStatus status(NodeId node) {
        boolean inRing = ring.weights().containsKey(node);
        if (transition == null) {
            return inRing ? MemberStatus.UP : MemberStatus.LEFT;
        }
        boolean inTarget = transition.target().weights().containsKey(node);
        if (inRing) {
            return inTarget ? MemberStatus.UP : MemberStatus.LEAVING;
        }
        return inTarget ? MemberStatus.JOINING : MemberStatus.LEFT;
    }

    /** The status of every node the view knows of: members, ring nodes and target nodes. */
    public SortedMap<NodeId, MemberStatus> statuses() {
        Set<NodeId> known = new TreeSet<>(members.keySet());
        known.addAll(ring.nodes());
        if (transition != null) {
            known.addAll(transition.target().nodes());
        }
        SortedMap<NodeId, MemberStatus> out = new TreeMap<>();
        known.forEach(node -> out.put(node, status(node)));
        return Collections.unmodifiableSortedMap(out);
    }

    /**
     * Whether the two views agree on everything but heartbeat versions: the same ring, transition and
     * member entries up to their versions. Listeners care about this, not about every heartbeat.
     */
    public boolean sameLayout(MembershipView other) {
        return ring.equals(other.ring) && Objects.equals(transition, other.transition) && n == other.n
                && namespaces.equals(other.namespaces)
                && withoutVersions(members).equals(withoutVersions(other.members));
    }

    private static Map<NodeId, Member> withoutVersions(Map<NodeId, Member> members) {
        Map<NodeId, Member> out = new TreeMap<>();
        members.forEach((id, m) -> out.put(id, new Member(id, m.peerAddress(), m.httpAddress(), m.clientAddress(),
                m.weight(), m.generation(), 0, 0, m.zone(), m.incarnation())));
        return out;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MembershipView that && n == that.n && ring.equals(that.ring)
                && Objects.equals(transition, that.transition) && members.equals(that.members)
                && namespaces.equals(that.namespaces);
    }

    @Override
    public int hashCode() {
        return Objects.hash(members, ring, transition, n, namespaces);
    }

    @Override
    public String toString() {
        return "MembershipView{ring v" + ring.version() + (transition == null ? ""
                : ", transition to v" + transition.target().version() + " (" + transition.done().size() + " done)")
                + ", statuses=" + statuses() + "}";
    }
}
