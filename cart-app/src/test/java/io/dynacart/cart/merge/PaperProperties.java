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

/** The laws of {@link Paper}, over random histories on three replicas. */
class PaperProperties {

    private static final Paper PAPER = Paper.INSTANCE;

    @Provide
    Arbitrary<List<Histories.Step>> histories() {
        return Histories.steps(3);
    }

    private static Histories.Run<PaperCart> run(List<Histories.Step> steps) {
        return Histories.run(PAPER, 3, steps);
    }

    @Property(tries = 300)
    void mergeIsCommutative(@ForAll("histories") List<Histories.Step> steps) {
        List<PaperCart> r = run(steps).replicas();
        assertThat(PAPER.merge(r.get(0), r.get(1))).as("merge(a, b) == merge(b, a)").isEqualTo(PAPER.merge(r.get(1), r.get(0)));
    }

    @Property(tries = 300)
    void mergeIsAssociative(@ForAll("histories") List<Histories.Step> steps) {
        List<PaperCart> r = run(steps).replicas();
        PaperCart a = r.get(0);
        PaperCart b = r.get(1);
        PaperCart c = r.get(2);
        assertThat(PAPER.merge(PAPER.merge(a, b), c)).as("merge(merge(a, b), c) == merge(a, merge(b, c))")
                .isEqualTo(PAPER.merge(a, PAPER.merge(b, c)));
    }

    @Property(tries = 300)
    void mergeIsIdempotent(@ForAll("histories") List<Histories.Step> steps) {
        for (PaperCart a : run(steps).replicas()) {
            assertThat(PAPER.merge(a, a)).as("merge(a, a) == a").isEqualTo(a);
        }
    }

    @Property(tries = 300)
    void mergeKeepsEveryAddOfBothSides(@ForAll("histories") List<Histories.Step> steps) {
        List<PaperCart> r = run(steps).replicas();
        PaperCart merged = PAPER.merge(r.get(0), r.get(1));
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
        Set<Tag> merged = PAPER.mergeAll(run.replicas()).lines().tags();
        for (PaperCart replica : run.replicas()) {
            assertThat(merged).as("the union keeps every add any replica holds").containsAll(replica.lines().tags());
        }
        Set<Tag> everything = PAPER.mergeAll(run.snapshots()).lines().tags();
        for (PaperCart snapshot : run.snapshots()) {
            assertThat(everything)
                    .as("merging every version ever written keeps every add ever acknowledged")
                    .containsAll(snapshot.lines().tags());
        }
    }

    @Property(tries = 200)
    void mergedCartDoesNotDependOnTheOrderVersionsArrive(@ForAll("histories") List<Histories.Step> steps,
                                                         @ForAll long shuffleSeed) {
        Histories.Run<PaperCart> run = run(steps);
        List<PaperCart> arrivals = new ArrayList<>(run.snapshots());
        arrivals.addAll(run.replicas());
        Collections.shuffle(arrivals, new Random(shuffleSeed));
        List<PaperCart> inOrder = new ArrayList<>(run.snapshots());
        inOrder.addAll(run.replicas());
        assertThat(PAPER.mergeAll(arrivals))
                .as("versions merged in any order give one cart (a removed add may return: the paper's trade-off)")
                .isEqualTo(PAPER.mergeAll(inOrder));
    }
}
