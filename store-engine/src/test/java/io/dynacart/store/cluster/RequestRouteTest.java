package io.dynacart.store.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.Claim;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.PreferenceList;
import io.dynacart.store.ring.Ring;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Which node of a key's preference list a request goes to first, and the failover order after it. */
class RequestRouteTest {

    private static final Ring RING = ring();
    private static final PreferenceList LIST = RING.preferenceList(KeyHash.of(Key.of("cart:42")), 3);
    private static final List<NodeId> P = LIST.primaries();
    private static final List<NodeId> F = LIST.fallbacks();
    private static final Predicate<NodeId> NONE_SUSPECTED = n -> false;

    private static Ring ring() {
        Map<NodeId, Integer> weights = new LinkedHashMap<>();
        for (int i = 1; i <= 5; i++) {
            weights.put(NodeId.of("n" + i), 1);
        }
        return Claim.initial(weights, 64, 3);
    }

    private static List<NodeId> concat(List<NodeId> a, List<NodeId> b) {
        List<NodeId> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void theFirstChoiceKeepsTheOldOrderPrimariesThenFallbacks() {
        assertThat(P).hasSize(3);
        assertThat(F).hasSize(2);
        assertThat(RequestRoute.order(LIST, NONE_SUSPECTED, Optional.empty(), PrimaryChoice.FIRST))
                .isEqualTo(concat(P, F));
    }

    @Test
    void theChosenPrimaryGoesFirstAndTheRestFollowInListOrder() {
        for (int i = 0; i < 3; i++) {
            int pick = i;
            List<NodeId> order = RequestRoute.order(LIST, NONE_SUSPECTED, Optional.empty(), n -> pick);
            assertThat(order.get(0)).isEqualTo(P.get(i));
            List<NodeId> rest = new ArrayList<>(concat(P, F));
            rest.remove(P.get(i));
            assertThat(order.subList(1, order.size())).as("failover keeps the list's order").isEqualTo(rest);
        }
    }

    @Test
    void theRandomChoiceSpreadsAKeysRequestsOverAllItsPrimariesAndNoOtherNode() {
        long seed = 20261204L;
        System.out.println("RequestRouteTest seed " + seed);
        PrimaryChoice choice = PrimaryChoice.seeded(seed);
        Map<NodeId, Integer> firsts = new HashMap<>();
        for (int i = 0; i < 3_000; i++) {
            firsts.merge(RequestRoute.order(LIST, NONE_SUSPECTED, Optional.empty(), choice).get(0), 1, Integer::sum);
        }
        assertThat(firsts.keySet()).as("only primaries coordinate (seed %d)", seed).containsExactlyInAnyOrderElementsOf(P);
        assertThat(firsts.values()).as("each primary takes about a third (seed %d)", seed)
                .allSatisfy(count -> assertThat(count).isBetween(850, 1_150));
    }

    @Test
    void aSuspectedPrimaryIsNotChosenAndIsTriedLast() {
        Predicate<NodeId> suspected = Set.of(P.get(1))::contains;
        List<NodeId> order = RequestRoute.order(LIST, suspected, Optional.empty(), n -> 1);
        assertThat(order.get(0)).as("index 1 of the primaries believed up").isEqualTo(P.get(2));
        assertThat(order).isEqualTo(List.of(P.get(2), P.get(0), F.get(0), F.get(1), P.get(1)));
    }

    @Test
    void thePreferredNodeGoesFirstWhateverTheChoice() {
        List<NodeId> order = RequestRoute.order(LIST, NONE_SUSPECTED, Optional.of(P.get(2)), PrimaryChoice.FIRST);
        assertThat(order).isEqualTo(List.of(P.get(2), P.get(0), P.get(1), F.get(0), F.get(1)));
    }

    @Test
    void aSuspectedPreferredNodeYieldsToTheChoice() {
        Predicate<NodeId> suspected = Set.of(P.get(2))::contains;
        List<NodeId> order = RequestRoute.order(LIST, suspected, Optional.of(P.get(2)), n -> 1);
        assertThat(order).isEqualTo(List.of(P.get(1), P.get(0), F.get(0), F.get(1), P.get(2)));
    }

    @Test
    void aPreferredNodeThatIsNoLongerAPrimaryYieldsToTheChoice() {
        List<NodeId> order = RequestRoute.order(LIST, NONE_SUSPECTED, Optional.of(F.get(0)), PrimaryChoice.FIRST);
        assertThat(order.get(0)).as("a fallback would only forward the put").isEqualTo(P.get(0));
        assertThat(order).isEqualTo(concat(P, F));
    }

    @Test
    void withEveryPrimarySuspectedTheListOrderHoldsWithSuspectsLast() {
        Predicate<NodeId> suspected = Set.copyOf(P)::contains;
        List<NodeId> order = RequestRoute.order(LIST, suspected, Optional.of(P.get(0)), n -> {
            throw new AssertionError("no primary to choose from");
        });
        assertThat(order).isEqualTo(concat(F, P));
    }

    @Test
    void aChoiceOutOfRangeIsABugNamedAsSuch() {
        assertThatThrownBy(() -> RequestRoute.order(LIST, NONE_SUSPECTED, Optional.empty(), n -> n))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("picked 3 of 3");
    }
}
