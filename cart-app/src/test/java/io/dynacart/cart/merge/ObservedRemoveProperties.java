package io.dynacart.cart.merge;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.cart.ProductId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * {@link ObservedRemove} bound to the {@link CartMergeContract}, and its own laws: a remove that saw
 * an add keeps it out for good, and every version ever written merges to the final replicas' merge.
 */
class ObservedRemoveProperties extends CartMergeContract<ObservedRemoveCart> {

    @Override
    CartMerge<ObservedRemoveCart> policy() {
        return ObservedRemove.INSTANCE;
    }

    @Override
    boolean removed(ObservedRemoveCart state, Tag add) {
        return state.seen().contains(add) && !state.lines().tags().contains(add);
    }

    @Property(tries = 300)
    void anObservedRemoveNeverComesBack(@ForAll("histories") List<Histories.Step> steps) {
        Histories.Run<ObservedRemoveCart> run = run(steps);
        ObservedRemoveCart merged = policy().mergeAll(run.replicas());
        Set<Tag> resurrected = new TreeSet<>(merged.lines().tags());
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
    void versionsMergedInAnyOrderGiveTheMergeOfTheFinalReplicas(@ForAll("histories") List<Histories.Step> steps,
                                                                @ForAll long shuffleSeed) {
        Histories.Run<ObservedRemoveCart> run = run(steps);
        List<ObservedRemoveCart> arrivals = new ArrayList<>(run.snapshots());
        arrivals.addAll(run.replicas());
        Collections.shuffle(arrivals, new Random(shuffleSeed));
        assertThat(policy().mergeAll(arrivals))
                .as("every version ever written, merged in any order, gives the merge of the final replicas")
                .isEqualTo(policy().mergeAll(run.replicas()));
    }
}
