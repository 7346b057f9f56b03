package io.dynacart.store.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.ring.PreferenceList;
import io.dynacart.store.ring.Replica;
import io.dynacart.store.ring.Ring;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Who a request asks first and who stands in, on a ring walked A, B, C (primaries), D, E (fallbacks). */
class StandInsTest {

    private static final NodeId A = NodeId.of("A");
    private static final NodeId B = NodeId.of("B");
    private static final NodeId C = NodeId.of("C");
    private static final NodeId D = NodeId.of("D");
    private static final NodeId E = NodeId.of("E");

    private static PreferenceList list() {
        Map<NodeId, Integer> weights = new TreeMap<>();
        List.of(A, B, C, D, E).forEach(n -> weights.put(n, 1));
        return new Ring(0, List.of(A, B, C, D, E, A, B, C), weights).preferenceList(PartitionId.of(0), 3);
    }

    private static Predicate<NodeId> allBut(NodeId... down) {
        Set<NodeId> avoided = Set.of(down);
        return n -> !avoided.contains(n);
    }

    /** Every stand-in handed out for {@code silent}, in order, until none is left. */
    private static List<Replica> drain(StandIns s, Replica silent) {
        List<Replica> out = new ArrayList<>();
        for (Optional<Replica> r = s.standInFor(silent); r.isPresent(); r = s.standInFor(silent)) {
            out.add(r.get());
        }
        return out;
    }

    @Test
    void withEveryNodeReachableThePrimariesGoFirstAndTheFallbacksStandIn() {
        StandIns s = StandIns.forRequest(list(), n -> true);

        assertThat(s.first()).containsExactly(new Replica.Primary(A), new Replica.Primary(B), new Replica.Primary(C));
        assertThat(drain(s, new Replica.Primary(C)))
                .containsExactly(new Replica.Fallback(D, C), new Replica.Fallback(E, C));
    }

    @Test
    void aPrimaryBelievedDownIsReplacedAtOnceAndAskedItselfOnlyAsALastResort() {
        StandIns s = StandIns.forRequest(list(), allBut(B));

        assertThat(s.first()).containsExactly(new Replica.Primary(A), new Replica.Fallback(D, B), new Replica.Primary(C));
        assertThat(s.left()).isEqualTo(2);
        assertThat(drain(s, new Replica.Fallback(D, B)))
                .as("a reachable fallback first, then the primary believed down, in its own right")
                .containsExactly(new Replica.Fallback(E, B), new Replica.Primary(B));
    }

    @Test
    void nodesBelievedDownComeAfterEveryReachableOne() {
        StandIns s = StandIns.forRequest(list(), allBut(C, D));

        assertThat(s.first()).containsExactly(new Replica.Primary(A), new Replica.Primary(B), new Replica.Fallback(E, C));
        assertThat(drain(s, new Replica.Primary(B)))
                .containsExactly(new Replica.Primary(C), new Replica.Fallback(D, B));
    }

    @Test
    void aTakeOverPutsTheCoordinatorInTheSilentPrimarysPlaceAndHedgesWithTheNextFallback() {
        StandIns s = StandIns.forTakeOver(list(), n -> true, D, A);

        assertThat(s.replaced()).isEqualTo(A);
        assertThat(s.first()).containsExactly(new Replica.Fallback(D, A), new Replica.Primary(B),
                new Replica.Primary(C), new Replica.Fallback(E, C));
        assertThat(s.left()).as("the silent primary has the forwarded put already; no one else is left").isZero();
    }

    @Test
    void aTakeOverWithNoPrimaryReachableStandsInForTheFirstAndKeepsEveryPrimaryAsALastResort() {
        StandIns s = StandIns.forTakeOver(list(), allBut(A, B, C), D, null);

        assertThat(s.replaced()).isEqualTo(A);
        assertThat(s.first()).containsExactly(new Replica.Fallback(D, A), new Replica.Fallback(E, B));
        assertThat(drain(s, new Replica.Fallback(E, B)))
                .containsExactly(new Replica.Primary(A), new Replica.Primary(B), new Replica.Primary(C));
    }

    @Test
    void aTakeOverFromAPrimaryThatAcceptedAsksItLikeAnyReplica() {
        StandIns s = StandIns.forTakeOver(list(), allBut(C), D, null);

        assertThat(s.replaced()).as("the first primary believed down").isEqualTo(C);
        assertThat(s.first()).containsExactly(new Replica.Primary(A), new Replica.Primary(B),
                new Replica.Fallback(D, C), new Replica.Fallback(E, B));
        assertThat(drain(s, new Replica.Primary(A))).containsExactly(new Replica.Primary(C));
    }

    @Test
    void aSilentNodeThatIsNoLongerAPrimaryDoesNotKeepTheCoordinatorOutOfTheList() {
        StandIns s = StandIns.forTakeOver(list(), n -> true, D, NodeId.of("gone"));

        assertThat(s.replaced()).as("none believed down: the last primary's place").isEqualTo(C);
        assertThat(s.first()).contains(new Replica.Fallback(D, C));
    }
}
