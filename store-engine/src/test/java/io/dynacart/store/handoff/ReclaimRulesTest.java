package io.dynacart.store.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.handoff.ReclaimRules.Facts;
import io.dynacart.store.handoff.ReclaimRules.Hold;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.identity.Zone;
import io.dynacart.store.membership.MembershipView;
import io.dynacart.store.membership.RingTransition;
import io.dynacart.store.ring.Claim;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.ring.Ring;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** {@link ReclaimRules}: which partition a node may drop, and what holds each other one back, as a table. */
class ReclaimRulesTest {

    private static final int N = 3;
    private static final long SETTLE = 30_000;
    private static final NodeId N1 = NodeId.of("n1");
    private static final NodeId N2 = NodeId.of("n2");
    private static final NodeId N3 = NodeId.of("n3");
    private static final NodeId N4 = NodeId.of("n4");

    private final Ring three = Claim.initial(Map.of(N1, 1, N2, 1, N3, 1), 64, N);
    private final Ring four = Claim.join(three, N4, 1, N);
    /** A partition n1 replicated with three nodes and no longer does with four. */
    private final PartitionId movedAway = first(p -> !four.preferenceList(p, N).primaries().contains(N1));
    /** A partition n1 still replicates. */
    private final PartitionId kept = first(p -> four.preferenceList(p, N).primaries().contains(N1));

    @Test
    void aPartitionGoesOnlyWhenNothingHoldsItBack() {
        MembershipView settledView = view(four, null);
        MembershipView changing = view(four, RingTransition.to(Claim.leave(four, N2, N)));
        record Row(String what, PartitionId partition, MembershipView view, long settledMillis,
                   Set<PartitionId> transferring, Set<PartitionId> hinted, Optional<Hold> expected) {
        }
        List<Row> table = List.of(
                new Row("a partition n1 replicates, whatever else", kept, settledView, SETTLE,
                        Set.of(), Set.of(), Optional.of(Hold.REPLICA)),
                new Row("one it replicates, during a change", kept, changing, 0,
                        Set.of(kept), Set.of(kept), Optional.of(Hold.REPLICA)),
                new Row("moved away, while a ring change is under way", movedAway, changing, SETTLE,
                        Set.of(), Set.of(), Optional.of(Hold.TRANSITION)),
                new Row("moved away, the ring just in force", movedAway, settledView, 0,
                        Set.of(), Set.of(), Optional.of(Hold.SETTLING)),
                new Row("moved away, a moment short of the settle time", movedAway, settledView, SETTLE - 1,
                        Set.of(), Set.of(), Optional.of(Hold.SETTLING)),
                new Row("moved away, settled, a transfer of it running here", movedAway, settledView, SETTLE,
                        Set.of(movedAway), Set.of(), Optional.of(Hold.TRANSFER)),
                new Row("moved away, settled, hints for its keys kept here", movedAway, settledView, SETTLE,
                        Set.of(), Set.of(movedAway), Optional.of(Hold.HINTS)),
                new Row("moved away, settled, transfer and hints: the transfer is named", movedAway, settledView, SETTLE,
                        Set.of(movedAway), Set.of(movedAway), Optional.of(Hold.TRANSFER)),
                new Row("moved away, settled, transfers and hints of other partitions only", movedAway, settledView,
                        SETTLE, Set.of(kept), Set.of(kept), Optional.empty()),
                new Row("moved away, settled, nothing pending: it goes", movedAway, settledView, SETTLE,
                        Set.of(), Set.of(), Optional.empty()));
        for (Row row : table) {
            Facts facts = new Facts(N1, row.view(), row.settledMillis(), row.transferring(), row.hinted());
            assertThat(ReclaimRules.hold(row.partition(), facts, SETTLE)).as(row.what()).isEqualTo(row.expected());
        }
    }

    @Test
    void aNodeOutOfTheRingDropsEverythingOnceSettledAndNothingWhileItsLeaveIsUnderWay() {
        Ring without = Claim.leave(four, N4, N);
        for (int i = 0; i < four.partitionCount(); i++) {
            PartitionId p = PartitionId.of(i);
            assertThat(ReclaimRules.hold(p, new Facts(N4, view(four, RingTransition.to(without)), SETTLE, Set.of(),
                    Set.of()), SETTLE)).as("%s while n4 leaves", p)
                    .hasValueSatisfying(h -> assertThat(h).isIn(Hold.REPLICA, Hold.TRANSITION));
            assertThat(ReclaimRules.hold(p, new Facts(N4, view(without, null), SETTLE, Set.of(), Set.of()), SETTLE))
                    .as("%s once n4 is out", p).isEmpty();
        }
    }

    @Test
    void replicasAreTheRingsPreferenceListWithZonesNotTheFirstNodesClockwise() {
        // Owners in turn n1 n2 n3 n4, n4 alone in zone b: partition 0's walk is n1 n2 n3 n4, its replicas
        // in zone order n1 n4 n2. n3 is among the first three clockwise, yet no replica.
        List<NodeId> owners = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            owners.add(List.of(N1, N2, N3, N4).get(i % 4));
        }
        Zone a = Zone.of("a");
        Ring zoned = new Ring(2, owners, Map.of(N1, 1, N2, 1, N3, 1, N4, 1), Map.of(N1, a, N2, a, N3, a, N4, Zone.of("b")));
        PartitionId p0 = PartitionId.of(0);
        assertThat(zoned.preferenceList(p0, N).primaries()).containsExactly(N1, N4, N2);

        assertThat(ReclaimRules.hold(p0, new Facts(N3, view(zoned, null), SETTLE, Set.of(), Set.of()), SETTLE))
                .as("n3 drops partition 0").isEmpty();
        assertThat(ReclaimRules.hold(p0, new Facts(N4, view(zoned, null), SETTLE, Set.of(), Set.of()), SETTLE))
                .as("n4 keeps it: its zone's replica").contains(Hold.REPLICA);
    }

    private static MembershipView view(Ring ring, RingTransition transition) {
        return new MembershipView(List.of(), ring, transition, N);
    }

    private PartitionId first(Predicate<PartitionId> test) {
        for (int i = 0; i < four.partitionCount(); i++) {
            if (three.preferenceList(PartitionId.of(i), N).primaries().contains(N1) && test.test(PartitionId.of(i))) {
                return PartitionId.of(i);
            }
        }
        throw new AssertionError("no such partition");
    }
}
