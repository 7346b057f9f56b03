package io.dynacart.store.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.coordinator.SloppyQuorum;
import io.dynacart.testing.Simulated;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The {@code AlwaysWriteable} law is not vacuous: on the same seeded schedules (which include
 * partitions that cut a key's whole preference list off from its coordinator), the coordinator of
 * before issue 15 — silent replicas replaced only at the request deadline, a put refused when no
 * primary answers — breaks it, and the sloppy quorum keeps it.
 */
@Simulated
class AlwaysWriteableTest {

    private static final List<Long> SEEDS = LongStream.rangeClosed(1, 12).boxed().toList();

    @Test
    void theStrictCoordinatorRefusesWritesThatWNodesWouldTake() {
        Simulation.Config strict = Simulation.Config.standard()
                .withSloppy(SloppyQuorum.strict(Simulation.Config.TIMEOUT_MILLIS));
        long broken = SEEDS.stream()
                .map(seed -> Simulation.run(seed, strict))
                .filter(r -> !r.violations().get("AlwaysWriteable").isEmpty())
                .count();
        System.out.printf("AlwaysWriteableTest: the strict coordinator broke AlwaysWriteable in %d of %d seeds%n",
                broken, SEEDS.size());
        assertThat(broken).as("seeds 1-12 where a put failed or missed its deadline while W nodes were reachable")
                .isGreaterThanOrEqualTo(SEEDS.size() / 2);
    }

    @Test
    void theSloppyQuorumTakesEveryWriteThatWNodesCanTake() {
        for (long seed : SEEDS) {
            Simulation.Result r = Simulation.run(seed,
                    Simulation.Config.standard());
            assertThat(r.violations().get("AlwaysWriteable")).as(r::report).isEmpty();
        }
    }
}
