package io.dynacart.cart.merge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The laws every {@link CartMerge} keeps, over random histories on three replicas: merge is
 * commutative, associative and idempotent, so siblings may be merged in any order and grouping; a
 * merge never drops an add the other side had not removed; no acknowledged add is lost unless a
 * remove saw it. Bound to each policy by a subclass ({@code PaperProperties},
 * {@code ObservedRemoveProperties}) that adds the policy's own laws. jqwik prints each property's
 * seed; replay with {@code @Property(seed = "...")}.
 *
 * @param <S> the policy's state
 */
abstract class CartMergeContract<S extends CartState> {

    /** The policy under test. */
    abstract CartMerge<S> policy();

    /** Whether {@code state} saw {@code add} and removed it: what its merge may drop. */
    abstract boolean removed(S state, Tag add);

    @Provide
    Arbitrary<List<Histories.Step>> histories() {
        return Histories.steps(3);
    }

    Histories.Run<S> run(List<Histories.Step> steps) {
        return Histories.run(policy(), 3, steps);
    }

    S merge(S a, S b) {
        return policy().merge(a, b);
    }

    @Property(tries = 300)
    void mergeIsCommutative(@ForAll("histories") List<Histories.Step> steps) {
        List<S> r = run(steps).replicas();
        assertThat(merge(r.get(0), r.get(1))).as("merge(a, b) == merge(b, a)").isEqualTo(merge(r.get(1), r.get(0)));
    }

    @Property(tries = 300)
    void mergeIsAssociative(@ForAll("histories") List<Histories.Step> steps) {
        List<S> r = run(steps).replicas();
        S a = r.get(0);
        S b = r.get(1);
        S c = r.get(2);
        assertThat(merge(merge(a, b), c)).as("merge(merge(a, b), c) == merge(a, merge(b, c))")
                .isEqualTo(merge(a, merge(b, c)));
    }

    @Property(tries = 300)
    void mergeIsIdempotent(@ForAll("histories") List<Histories.Step> steps) {
        for (S a : run(steps).replicas()) {
            assertThat(merge(a, a)).as("merge(a, a) == a").isEqualTo(a);
        }
    }

    @Property(tries = 300)
    void mergeDropsOnlyAddsTheOtherSideRemoved(@ForAll("histories") List<Histories.Step> steps) {
        List<S> r = run(steps).replicas();
        S a = r.get(0);
        S b = r.get(1);
        Set<Tag> merged = merge(a, b).lines().tags();
        for (Tag t : a.lines().tags()) {
            assertThat(merged.contains(t)).as("add %s live in a survives the merge unless b saw and removed it", t)
                    .isEqualTo(!removed(b, t));
        }
        for (Tag t : b.lines().tags()) {
            assertThat(merged.contains(t)).as("add %s live in b survives the merge unless a saw and removed it", t)
                    .isEqualTo(!removed(a, t));
        }
    }

    @Property(tries = 300)
    void noAcknowledgedAddIsDroppedUnlessARemoveSawIt(@ForAll("histories") List<Histories.Step> steps) {
        Histories.Run<S> run = run(steps);
        Set<Tag> live = policy().mergeAll(run.replicas()).lines().tags();
        for (Tag t : run.acknowledgedAdds()) {
            if (!run.observedRemoved().contains(t)) {
                assertThat(live).as("acknowledged add %s, which no remove saw, is in the merged cart", t).contains(t);
            }
        }
    }

    @Property(tries = 200)
    void mergedCartDoesNotDependOnTheOrderVersionsArrive(@ForAll("histories") List<Histories.Step> steps,
                                                         @ForAll long shuffleSeed) {
        Histories.Run<S> run = run(steps);
        List<S> inOrder = new ArrayList<>(run.snapshots());
        inOrder.addAll(run.replicas());
        List<S> arrivals = new ArrayList<>(inOrder);
        Collections.shuffle(arrivals, new Random(shuffleSeed));
        assertThat(policy().mergeAll(arrivals))
                .as("every version ever written, merged in any order, gives one cart")
                .isEqualTo(policy().mergeAll(inOrder));
    }
}
