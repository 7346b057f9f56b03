package io.dynacart.store.versioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.identity.NodeId;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Reconciliation over histories a real cluster can produce: clients read the sibling sets of some
 * replicas, write through a coordinator with the merged context, and replicas exchange their whole
 * sibling sets (as replication, read repair, handoff and anti-entropy do).
 *
 * <p>Replicas exchange whole sibling sets, never a lone version: a replica that held a coordinator's
 * newer dot without its older, still-live siblings would hand out a context that claims them, and a
 * put with that context would erase them unseen. These properties hold only for such histories.
 */
class ReconciliationProperties {

    private static final List<NodeId> NODES = List.of(NodeId.of("a"), NodeId.of("b"), NodeId.of("c"), NodeId.of("d"));

    /**
     * One step of a history: a write through {@code node} by a client that read the replicas in
     * {@code readMask} (none: a blind write), or a sync of {@code node}'s siblings to {@code other}.
     */
    record Step(boolean write, int node, int other, int readMask) {
    }

    /**
     * Everything a history created (value = index), what each replica holds at its end, and for each
     * version the versions its client had seen, directly or through what it read.
     */
    record History(List<Versioned<Integer>> created, List<List<Versioned<Integer>>> replicas, List<BitSet> seen) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step = Combinators.combine(
                Arbitraries.integers().between(0, 9).map(i -> i < 6),
                Arbitraries.integers().between(0, NODES.size() - 1),
                Arbitraries.integers().between(0, NODES.size() - 1),
                Arbitraries.integers().between(0, (1 << NODES.size()) - 1))
                .as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(40);
    }

    static History run(List<Step> steps) {
        List<Versioned<Integer>> created = new ArrayList<>();
        List<BitSet> seen = new ArrayList<>();
        List<List<Versioned<Integer>>> replicas = new ArrayList<>();
        NODES.forEach(n -> replicas.add(List.of()));
        long now = 0;
        for (Step s : steps) {
            if (s.write()) {
                List<Versioned<Integer>> read = new ArrayList<>();
                BitSet sawAll = new BitSet();
                for (int r = 0; r < NODES.size(); r++) {
                    if ((s.readMask() >>> r & 1) == 1) {
                        read = Reconciliation.reconcile(read, replicas.get(r));
                    }
                }
                for (Versioned<Integer> v : read) {
                    sawAll.set(v.value());
                    sawAll.or(seen.get(v.value()));
                }
                DottedVersionVector version = DottedVersionVector.forWrite(NODES.get(s.node()), ++now,
                        Context.of(read), replicas.get(s.node()), VectorClock.DEFAULT_MAX_ENTRIES);
                Versioned<Integer> v = new Versioned<>(version, created.size());
                created.add(v);
                seen.add(sawAll);
                replicas.set(s.node(), Reconciliation.reconcile(replicas.get(s.node()), v));
            } else {
                replicas.set(s.other(), Reconciliation.reconcile(replicas.get(s.other()), replicas.get(s.node())));
            }
        }
        return new History(created, replicas, seen);
    }

    /** The versions no other version descends from, by brute force. */
    static Set<Versioned<Integer>> maximal(List<Versioned<Integer>> versions) {
        Set<Versioned<Integer>> out = new HashSet<>();
        for (Versioned<Integer> v : versions) {
            boolean dominated = versions.stream().anyMatch(w -> v.compare(w) == Causality.BEFORE);
            if (!dominated) {
                out.add(v);
            }
        }
        return out;
    }

    @Property(tries = 1000)
    void everyDotIsIssuedOnce(@ForAll("steps") List<Step> steps) {
        List<Versioned<Integer>> created = run(steps).created();
        assertThat(created.stream().map(Versioned::dot).distinct().count()).isEqualTo(created.size());
    }

    @Property(tries = 1000)
    void reconciliationIsIndependentOfArrivalOrder(@ForAll("steps") List<Step> steps, @ForAll long shuffleSeed) {
        List<Versioned<Integer>> created = run(steps).created();
        List<Versioned<Integer>> shuffled = new ArrayList<>(created);
        Collections.shuffle(shuffled, new Random(shuffleSeed));

        List<Versioned<Integer>> inOrder = Reconciliation.reconcile(List.of(), created);
        List<Versioned<Integer>> outOfOrder = Reconciliation.reconcile(List.of(), shuffled);

        assertThat(outOfOrder).as("same siblings whatever the arrival order").isEqualTo(inOrder);
        assertThat(new HashSet<>(inOrder)).as("exactly the versions nothing descends from").isEqualTo(maximal(created));
        assertThat(Reconciliation.isAntichain(inOrder)).isTrue();
    }

    @Property(tries = 1000)
    void aVersionDisappearsOnlyAfterAClientSawIt(@ForAll("steps") List<Step> steps) {
        History h = run(steps);
        List<Versioned<Integer>> everything = new ArrayList<>();
        for (List<Versioned<Integer>> replica : h.replicas()) {
            assertThat(Reconciliation.isAntichain(replica)).as("each replica holds an antichain").isTrue();
            everything.addAll(replica);
        }
        List<Versioned<Integer>> converged = Reconciliation.reconcile(List.of(), everything);
        for (Versioned<Integer> v : h.created()) {
            boolean sawIt = h.seen().stream().anyMatch(s -> s.get(v.value()));
            assertThat(converged.contains(v) || sawIt)
                    .as("%s was dropped though no client read it: a lost write", v).isTrue();
            assertThat(converged.contains(v) && sawIt)
                    .as("%s survived although a later write read it and superseded it", v).isFalse();
        }
    }

    @Property(tries = 1000)
    void contextRoundTrips(@ForAll("steps") List<Step> steps) {
        List<Versioned<Integer>> siblings = Reconciliation.reconcile(List.of(), run(steps).created());
        Context context = Context.of(siblings);

        assertThat(Context.fromBytes(context.toBytes())).isEqualTo(context);
        assertThat(Context.fromBase64Url(context.toBase64Url())).isEqualTo(context);
        assertThat(siblings).allMatch(context::covers);
    }
}
