package io.dynacart.store.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.api.NamespaceConfig;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.Reconcile;
import io.dynacart.store.cluster.FaultSchedule;
import io.dynacart.store.identity.Namespace;
import io.dynacart.testing.Seed;
import io.dynacart.testing.Simulated;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Seeded runs with namespaces beside the default one ({@link NamespaceMix#standard()}: {@code lww}
 * last-write-wins with N=2 R=1 W=2, {@code short} siblings expiring after 2 s, {@code strict} W=3
 * R=1, {@code sessions} last-write-wins expiring after 3 s), every law of the simulation checked
 * after each, the namespaces' own among them: five nodes under the planner's schedules; nine nodes
 * in three zones under the planner's schedules (which cut whole zones off too); nine nodes in three
 * zones with one zone cut off for 3 to 5 s. {@code -Dnamespaces.seeds=N} runs N seeds in each,
 * {@code -Dnamespaces.seed=S} replays seed S in each (a failure names the flags).
 */
@Simulated
class NamespaceSimulationTest {

    private static final String AREA = "namespaces";

    @Test
    void everyLawHoldsAcrossSeededFaultSchedulesWithNamespaces() {
        Totals totals = runAll("five nodes", 40, seed -> Simulation.run(seed, Simulation.Config.standard().withNamespaces()));
        assertThat(totals.purges).as("keys collected along the way (expired ones among them)").isPositive();
        assertThat(totals.acknowledged).as("writes acknowledged").isGreaterThan(300L * totals.seeds);
    }

    @Test
    void everyLawHoldsWithNamespacesInZonesUnderPlannedSchedules() {
        Simulation.Config zoned = Simulation.Config.standard().inZones(9, 3, 6).withNamespaces();
        Totals totals = runAll("nine nodes in three zones", 12, seed -> Simulation.run(seed, zoned));
        if (Seed.given(AREA).isEmpty()) {
            assertThat(totals.zoneCuts).as("schedules that cut a whole zone off").isPositive();
        }
    }

    /**
     * One zone cut off for 3 to 5 s (the seed picks which and when) while the clients use every
     * namespace through every node: ZoneCutsLeaveTheRestServing then also asks that every key was
     * read (and written, but in a quiet turn) through the rest, and that those reads returned what
     * was acknowledged before the cut.
     */
    @Test
    void aZoneCutOffLeavesEveryNamespaceServedByTheRest() {
        Simulation.Config zoned = Simulation.Config.standard().inZones(9, 3, 0).withNamespaces();
        runAll("a zone cut off", 5, seed -> {
            SplittableRandom random = new SplittableRandom(seed);
            char zone = "abc".charAt(random.nextInt(3));
            long cutAt = 1_500 + random.nextInt(1_000);
            long healAt = cutAt + 3_000 + random.nextInt(2_000);
            return Simulation.replay(seed, zoned, FaultSchedule.parse(cutAt + "ms:cut-zone " + zone + ", " + healAt
                    + "ms:heal"));
        });
    }

    /**
     * The namespaces' laws are not vacuous in a whole run either: made on the nodes differently from
     * what the laws check (siblings where last-write-wins is checked, no ttl where 2 s is, W=1 where
     * W=3 is), each broken rule is caught within a few seeds, by the law that names it.
     * ({@link NamespaceLawsTest} plants each violation in a history by hand.)
     */
    @Test
    void theLawsCatchNamespacesMadeOtherwiseThanChecked() {
        NamespaceMix honest = NamespaceMix.standard();
        NamespaceMix planted = honest.proposing(List.of(
                made(honest, NamespaceMix.LWW).withReconcile(Reconcile.SIBLINGS),
                made(honest, NamespaceMix.SHORT).withTtlSeconds(0),
                made(honest, NamespaceMix.STRICT).withQuorum(new Quorum(3, 1, 1)),
                made(honest, NamespaceMix.SESSIONS)));
        Map<String, Integer> caughtBy = new LinkedHashMap<>();
        for (long seed = 1; seed <= 4; seed++) {
            Simulation.run(seed, Simulation.Config.standard().withNamespaces(planted)).violations()
                    .forEach((law, found) -> caughtBy.merge(law, found.size(), Integer::sum));
        }
        assertThat(caughtBy).as("violations by law over seeds 1-4 with planted rules: %s", caughtBy)
                .hasEntrySatisfying("LastWriteWins", n -> assertThat(n).isPositive())
                .hasEntrySatisfying("NoExpiredVersionReturns", n -> assertThat(n).isPositive())
                .hasEntrySatisfying("ExpiredKeysCollected", n -> assertThat(n).isPositive())
                .hasEntrySatisfying("AcknowledgedWritesHeldByW", n -> assertThat(n).isPositive());
    }

    private static NamespaceConfig made(NamespaceMix mix, Namespace namespace) {
        return mix.checked().stream().filter(c -> c.namespace().equals(namespace)).findFirst().orElseThrow();
    }

    /** What a group of runs did, summed. */
    private static final class Totals {
        int seeds;
        long acknowledged;
        long purges;
        long refusals;
        long expiredLeft;
        long zoneCuts;
    }

    /**
     * Runs {@code run} for seed {@code -Dnamespaces.seed} alone, else seeds 1..{@code -Dnamespaces.seeds}
     * (default {@code byDefault}); prints what they did and asserts that every law held, naming the
     * flags that replay a failed seed.
     */
    private static Totals runAll(String what, int byDefault, LongFunction<Simulation.Result> run) {
        OptionalLong only = Seed.given(AREA);
        long first = only.isPresent() ? only.getAsLong() : 1;
        int count = only.isPresent() ? 1 : Seed.count(AREA, byDefault);
        long start = System.nanoTime();
        Totals totals = new Totals();
        List<Simulation.Result> failures = new ArrayList<>();
        for (long seed = first; seed < first + count; seed++) {
            Simulation.Result r = run.apply(seed);
            totals.seeds++;
            totals.acknowledged += r.acknowledged();
            totals.purges += r.tombstonesCollected();
            totals.refusals += r.unknownNamespaceRefusals();
            totals.expiredLeft += r.expiredKeysHeld();
            totals.zoneCuts += r.schedule().stream().filter(line -> line.contains("cut-zone")).count();
            if (!r.ok()) {
                failures.add(r);
            }
        }
        System.out.printf("NamespaceSimulationTest (%s): seeds %d..%d in %.1f s, %d failed; %d writes acknowledged,"
                        + " %d sets purged, %d requests refused by a node that did not know the namespace yet, %d"
                        + " expired keys still held somewhere at the end, %d zone cuts%n", what, first,
                first + count - 1, (System.nanoTime() - start) / 1e9, failures.size(), totals.acknowledged,
                totals.purges, totals.refusals, totals.expiredLeft, totals.zoneCuts);
        assertThat(failures).as(() -> failures.stream().limit(3)
                .map(r -> what + ": " + new Seed(AREA, r.seed(), NamespaceSimulationTest.class) + "\n" + r.report())
                .collect(Collectors.joining("\n"))).isEmpty();
        return totals;
    }
}
