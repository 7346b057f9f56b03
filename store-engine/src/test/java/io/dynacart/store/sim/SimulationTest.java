package io.dynacart.store.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.testing.Simulation;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Seeded schedules of faults against the request path, with the invariants checked after each.
 * {@code -Dsim.seeds=N} runs more; {@code -Dsim.seed=S} replays one.
 */
@Simulation
class SimulationTest {

    @Test
    void invariantsHoldAcrossSeededFaultSchedules() {
        long only = Long.getLong("sim.seed", -1);
        long first = only >= 0 ? only : Long.getLong("sim.first", 1);
        int count = only >= 0 ? 1 : Integer.getInteger("sim.seeds", 500);
        long start = System.nanoTime();
        List<io.dynacart.store.sim.Simulation.Result> failures =
                io.dynacart.store.sim.Simulation.runMany(first, count, io.dynacart.store.sim.Simulation.Options.standard());
        System.out.printf("SimulationTest: seeds %d..%d in %.1f s, %d failed%n", first, first + count - 1,
                (System.nanoTime() - start) / 1e9, failures.size());
        assertThat(failures).as(() -> failures.stream().limit(3).map(io.dynacart.store.sim.Simulation.Result::report)
                .collect(Collectors.joining("\n"))).isEmpty();
    }
}
