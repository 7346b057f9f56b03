package io.dynacart.store.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.api.NamespaceConfig;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.Reconcile;
import io.dynacart.store.identity.Namespace;
import io.dynacart.testing.Seed;
import io.dynacart.testing.Simulated;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Seeded schedules of faults against a cluster with namespaces beside the default one
 * ({@link NamespaceMix#standard()}: last-write-wins with N=2, a ttl of 2 s, W=3), every law checked
 * after each. {@code -Dnamespaces.seeds=N} runs more, {@code -Dnamespaces.first=F} from F;
 * {@code -Dnamespaces.seed=S} replays one (a failure names the flags).
 */
@Simulated
class NamespaceSimulationTest {

    private static final Simulation.Config NAMESPACES = Simulation.Config.standard().withNamespaces();

    @Test
    void everyLawHoldsAcrossSeededFaultSchedulesWithNamespaces() {
        OptionalLong only = Seed.given("namespaces");
        long first = only.isPresent() ? only.getAsLong() : Long.getLong("namespaces.first", 1);
        int count = only.isPresent() ? 1 : Seed.count("namespaces", 200);
        long start = System.nanoTime();
        List<Simulation.Result> failures = new ArrayList<>();
        long acknowledged = 0;
        long purges = 0;
        long refusals = 0;
        long expiredLeft = 0;
        for (long seed = first; seed < first + count; seed++) {
            Simulation.Result r = Simulation.run(seed, NAMESPACES);
            acknowledged += r.acknowledged();
            purges += r.tombstonesCollected();
            refusals += r.unknownNamespaceRefusals();
            expiredLeft += r.expiredKeysHeld();
            if (!r.ok()) {
                failures.add(r);
            }
        }
        System.out.printf("NamespaceSimulationTest: seeds %d..%d in %.1f s, %d failed; %d writes acknowledged, %d"
                        + " sets purged, %d requests refused by a node that did not know the namespace yet, %d"
                        + " expired keys still held somewhere at the end%n", first, first + count - 1,
                (System.nanoTime() - start) / 1e9, failures.size(), acknowledged, purges, refusals, expiredLeft);
        assertThat(failures).as(() -> failures.stream().limit(3)
                .map(r -> new Seed("namespaces", r.seed(), NamespaceSimulationTest.class) + "\n" + r.report())
                .collect(Collectors.joining("\n"))).isEmpty();
        assertThat(purges).as("keys collected along the way (expired ones among them)").isPositive();
    }

    /**
     * The namespaces' laws are not vacuous: made on the nodes differently from what the laws check
     * (siblings where last-write-wins is checked, no ttl where 2 s is, W=1 where W=3 is), each
     * broken rule is caught within a few seeds, by the law that names it.
     */
    @Test
    void theLawsCatchNamespacesMadeOtherwiseThanChecked() {
        NamespaceMix honest = NamespaceMix.standard();
        NamespaceMix planted = honest.proposing(List.of(
                made(honest, NamespaceMix.LWW).withReconcile(Reconcile.SIBLINGS),
                made(honest, NamespaceMix.SHORT).withTtlSeconds(0),
                made(honest, NamespaceMix.STRICT).withQuorum(new Quorum(3, 1, 1))));
        Map<String, Integer> caughtBy = new LinkedHashMap<>();
        for (long seed = 1; seed <= 5; seed++) {
            Simulation.run(seed, Simulation.Config.standard().withNamespaces(planted)).violations()
                    .forEach((law, found) -> caughtBy.merge(law, found.size(), Integer::sum));
        }
        assertThat(caughtBy).as("violations by law over seeds 1-5 with planted rules: %s", caughtBy)
                .hasEntrySatisfying("LastWriteWins", n -> assertThat(n).isPositive())
                .hasEntrySatisfying("NoExpiredVersionReturns", n -> assertThat(n).isPositive())
                .hasEntrySatisfying("ExpiredKeysCollected", n -> assertThat(n).isPositive())
                .hasEntrySatisfying("AcknowledgedWritesHeldByW", n -> assertThat(n).isPositive());
    }

    private static NamespaceConfig made(NamespaceMix mix, Namespace namespace) {
        return mix.checked().stream().filter(c -> c.namespace().equals(namespace)).findFirst().orElseThrow();
    }
}
