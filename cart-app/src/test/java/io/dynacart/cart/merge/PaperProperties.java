package io.dynacart.cart.merge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * {@link Paper} bound to the {@link CartMergeContract}, and its own law: the merge is a union, so no
 * side's remove reaches the other and a removed add may return (the paper's trade-off).
 */
class PaperProperties extends CartMergeContract<PaperCart> {

    @Override
    CartMerge<PaperCart> policy() {
        return Paper.INSTANCE;
    }

    @Override
    boolean removed(PaperCart state, Tag add) {
        return false;
    }

    @Property(tries = 300)
    void mergeKeepsEveryAddOfBothSides(@ForAll("histories") List<Histories.Step> steps) {
        List<PaperCart> r = run(steps).replicas();
        PaperCart merged = merge(r.get(0), r.get(1));
        for (PaperCart side : List.of(r.get(0), r.get(1))) {
            side.lines().items().forEach((item, adds) -> assertThat(merged.lines().items().get(item))
                    .as("every add of %s on either side is in the merge, with its quantity", item)
                    .containsAllEntriesOf(adds));
            side.quantities().forEach((item, qty) -> assertThat(merged.quantities().get(item))
                    .as("a merged line holds at least the units of %s either side held", item)
                    .isGreaterThanOrEqualTo(qty));
        }
    }

    @Property(tries = 300)
    void noAcknowledgedAddLiveOnAReplicaIsDroppedByMergingAll(@ForAll("histories") List<Histories.Step> steps) {
        Histories.Run<PaperCart> run = run(steps);
        Set<Tag> merged = policy().mergeAll(run.replicas()).lines().tags();
        for (PaperCart replica : run.replicas()) {
            assertThat(merged).as("the union keeps every add any replica holds").containsAll(replica.lines().tags());
        }
        Set<Tag> everything = policy().mergeAll(run.snapshots()).lines().tags();
        for (PaperCart snapshot : run.snapshots()) {
            assertThat(everything)
                    .as("merging every version ever written keeps every add ever acknowledged")
                    .containsAll(snapshot.lines().tags());
        }
    }
}
