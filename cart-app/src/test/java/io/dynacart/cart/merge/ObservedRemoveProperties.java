package io.dynacart.cart.merge;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.cart.ProductId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The laws of {@link ObservedRemove}, over random histories on three replicas. */
class ObservedRemoveProperties {

    private static final ObservedRemove OR = ObservedRemove.INSTANCE;

    @Provide
    Arbitrary<List<Histories.Step>> histories() {
        return Histories.steps(3);
    }

    private static Histories.Run<ObservedRemoveCart> run(List<Histories.Step> steps) {
        return Histories.run(OR, 3, steps);
    }

    @Property(tries = 300)
    void mergeIsCommutative(@ForAll("histories") List<Histories.Step> steps) {
        List<ObservedRemoveCart> r = run(steps).replicas();
        assertThat(OR.merge(r.get(0), r.get(1))).as("merge(a, b) == merge(b, a)").isEqualTo(OR.merge(r.get(1), r.get(0)));
    }

    @Property(tries = 300)
    void mergeIsAssociative(@ForAll("histories") List<Histories.Step> steps) {
        List<ObservedRemoveCart> r = run(steps).replicas();
        ObservedRemoveCart a = r.get(0);
        ObservedRemoveCart b = r.get(1);
        ObservedRemoveCart c = r.get(2);
        assertThat(OR.merge(OR.merge(a, b), c)).as("merge(merge(a, b), c) == merge(a, merge(b, c))")
                .isEqualTo(OR.merge(a, OR.merge(b, c)));
    }

    @Property(tries = 300)
    void mergeIsIdempotent(@ForAll("histories") List<Histories.Step> steps) {
        for (ObservedRemoveCart a : run(steps).replicas()) {
            assertThat(OR.merge(a, a)).as("merge(a, a) == a").isEqualTo(a);
        }
    }

    @Property(tries = 300)
    void mergeDropsOnlyAddsTheOtherSideRemoved(@ForAll("histories") List<Histories.Step> steps) {
        List<ObservedRemoveCart> r = run(steps).replicas();
        ObservedRemoveCart a = r.get(0);
        ObservedRemoveCart b = r.get(1);
        Set<Tag> merged = OR.merge(a, b).lines().tags();
        for (Tag t : a.lines().tags()) {
            boolean removedByB = b.seen().contains(t) && !b.lines().tags().contains(t);
            assertThat(merged.contains(t)).as("add %s live in a survives the merge unless b saw and removed it", t)
                    .isEqualTo(!removedByB);
        }
    }

    @Property(tries = 300)
    void noAcknowledgedAddIsDroppedUnlessARemoveSawIt(@ForAll("histories") List<Histories.Step> steps) {
        Histories.Run<ObservedRemoveCart> run = run(steps);
        Set<Tag> live = OR.mergeAll(run.replicas()).lines().tags();
        for (Tag t : run.acknowledgedAdds()) {
            if (!run.observedRemoved().contains(t)) {
                assertThat(live).as("acknowledged add %s, which no remove saw, is in the merged cart", t).contains(t);
            }
        }
    }

    @Property(tries = 300)
    void anObservedRemoveNeverComesBack(@ForAll("histories") List<Histories.Step> steps) {
        Histories.Run<ObservedRemoveCart> run = run(steps);
        ObservedRemoveCart merged = OR.mergeAll(run.replicas());
        Set<Tag> resurrected = new java.util.TreeSet<>(merged.lines().tags());
        resurrected.retainAll(run.observedRemoved());
        assertThat(resurrected).as("no add a remove saw is live after merging every replica").isEmpty();
        for (int i = 0; i < Histories.ITEMS.size(); i++) {
            ProductId item = Histories.ITEMS.get(i);
            if (run.observedRemoved().containsAll(run.addsPerItem().get(i))) {
                assertThat(merged.quantities()).as("%s, removed and not re-added concurrently, stays out", item)
                        .doesNotContainKey(item);
            }
        }
    }

    @Property(tries = 200)
    void mergedCartDoesNotDependOnTheOrderVersionsArrive(@ForAll("histories") List<Histories.Step> steps,
                                                         @ForAll long shuffleSeed) {
        Histories.Run<ObservedRemoveCart> run = run(steps);
        List<ObservedRemoveCart> arrivals = new ArrayList<>(run.snapshots());
        arrivals.addAll(run.replicas());
        Collections.shuffle(arrivals, new Random(shuffleSeed));
        assertThat(OR.mergeAll(arrivals))
                .as("every version ever written, merged in any order, gives the merge of the final replicas")
                .isEqualTo(OR.mergeAll(run.replicas()));
    }
}
