package io.dynacart.store.membership;

import static io.dynacart.store.membership.TestViews.N;
import static io.dynacart.store.membership.TestViews.member;
import static io.dynacart.store.membership.TestViews.node;
import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.Claim;
import io.dynacart.store.ring.Ring;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The algebra of {@link MembershipView#merge}: a join semilattice, so gossip converges whatever order
 * views meet in. Views are drawn from a 5-node ring R1 of 16 partitions, a join of n6 (target X) and,
 * for the laws that hold for any views, a concurrent leave of n5 (target Y, of the same version as X).
 * Each view is built from a seed (jqwik reports it on failure, and replays it).
 */
class MembershipViewProperties {

    private static final Ring R1 = TestViews.ring(5);
    private static final Ring X = Claim.join(R1, node(6), 1, N);
    private static final Ring Y = Claim.leave(R1, node(5), N);

    @Provide
    Arbitrary<MembershipView> oneHistory() {
        return Arbitraries.longs().map(seed -> view(new SplittableRandom(seed), false));
    }

    @Provide
    Arbitrary<MembershipView> anyViews() {
        return Arbitraries.longs().map(seed -> view(new SplittableRandom(seed), true));
    }

    @Property(tries = 500)
    void mergeIsCommutative(@ForAll("anyViews") MembershipView a, @ForAll("anyViews") MembershipView b) {
        assertThat(a.merge(b)).as("a + b = b + a").isEqualTo(b.merge(a));
    }

    @Property(tries = 300)
    void mergeIsIdempotent(@ForAll("anyViews") MembershipView a, @ForAll("anyViews") MembershipView b) {
        assertThat(a.merge(a)).as("a + a = a").isEqualTo(a);
        assertThat(a.merge(b).merge(b)).as("(a + b) + b = a + b").isEqualTo(a.merge(b));
    }

    @Property(tries = 500)
    void mergeIsAssociativeWithinOneHistory(@ForAll("oneHistory") MembershipView a, @ForAll("oneHistory") MembershipView b,
                                            @ForAll("oneHistory") MembershipView c) {
        assertThat(a.merge(b).merge(c)).as("(a + b) + c = a + (b + c)").isEqualTo(a.merge(b.merge(c)));
    }

    @Property(tries = 300)
    void theNewestEntryOfEachMemberWins(@ForAll("anyViews") MembershipView a, @ForAll("anyViews") MembershipView b) {
        MembershipView merged = a.merge(b);
        Map<NodeId, Member> expected = new TreeMap<>(a.members());
        b.members().values().forEach(m -> expected.merge(m.id(), m,
                (x, y) -> x.generation() != y.generation() ? (x.generation() > y.generation() ? x : y)
                        : (x.version() >= y.version() ? x : y)));
        assertThat(merged.members()).as("per node, the entry of highest (generation, version)").isEqualTo(expected);
    }

    @Property(tries = 200)
    void completionIsTheSameWhateverOrderTransfersAreMarkedDoneIn(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        MembershipView start = new MembershipView(TestViews.members(6), R1, RingTransition.to(X), N);
        List<TransferKey> required = new ArrayList<>(start.requiredTransfers());
        Collections.shuffle(required, new java.util.Random(random.nextLong()));
        int nodes = 1 + random.nextInt(4);
        List<MembershipView> views = new ArrayList<>(Collections.nCopies(nodes, start));
        for (TransferKey key : required) {
            int at = random.nextInt(nodes);
            views.set(at, views.get(at).markDone(key));
        }
        Collections.shuffle(views, new java.util.Random(random.nextLong()));
        MembershipView merged = views.stream().reduce(MembershipView::merge).orElseThrow();
        assertThat(merged.ring()).as("every transfer done, in any order at any nodes: the ring is the target").isEqualTo(X);
        assertThat(merged.transition()).isEmpty();
    }

    /** A view of this universe: some members at some heartbeats; R1 with or without a transition, or a later ring. */
    private static MembershipView view(SplittableRandom random, boolean concurrentTargets) {
        List<Member> members = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            if (random.nextInt(3) > 0) {
                members.add(member(i, 1 + random.nextInt(2), random.nextInt(4)));
            }
        }
        Ring target = concurrentTargets && random.nextBoolean() ? Y : X;
        int shape = random.nextInt(4);
        if (shape == 0) {
            return new MembershipView(members, R1, null, N);
        }
        if (shape == 1) {
            return new MembershipView(members, target, null, N);
        }
        List<TransferKey> done = new ArrayList<>(RingTransition.required(R1, target, N));
        done.removeIf(key -> random.nextInt(3) > 0);
        return new MembershipView(members, R1, new RingTransition(target, new java.util.HashSet<>(done)), N);
    }
}
