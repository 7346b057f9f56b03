package io.dynacart.store.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.cluster.FaultSchedule;
import io.dynacart.testing.Simulated;
import org.junit.jupiter.api.Test;

/**
 * A fault schedule written for the load generator ({@code --faults}) replays in the simulator, and
 * replays the same way every time: same seed and schedule, same run. {@code -Dsim.seed=S} picks the seed.
 */
@Simulated
class FaultScheduleReplaySimTest {

    private static final String LOADGEN_SCHEDULE = "1s:stop n3, 1500ms:partition n1,n2|n3,n4,n5, 2.5s:heal,"
            + " 3s:restart n3, 3500ms:wipe n2, 4s:join n6, 5s:lossy drop 0.1 duplicate 0.05 delay 20ms, 6s:clean";

    @Test
    void aLoadgenScheduleReplaysDeterministicallyInTheSimulator() {
        long seed = Long.getLong("sim.seed", 17);
        System.out.println("FaultScheduleReplaySimTest seed " + seed);
        FaultSchedule schedule = FaultSchedule.parse(LOADGEN_SCHEDULE);
        Simulation.Config options = Simulation.Config.standard();

        Simulation.Result first = Simulation.replay(seed, options, schedule);
        Simulation.Result second = Simulation.replay(seed, options, schedule);

        assertThat(first.ok()).as(first::report).isTrue();
        assertThat(first.schedule()).as("the report lists the schedule as given, then what the operator did")
                .startsWith(schedule.lines().toArray(String[]::new))
                .anyMatch(line -> line.startsWith("operator at ") && line.contains("n6"));
        assertThat(first.writes()).as("the workload ran under the faults").isPositive();
        assertThat(second).as("the same seed and schedule give the same run").isEqualTo(first);
    }

    @Test
    void aPlannedScheduleWrittenInLoadgenSyntaxReplaysToTheSameRun() {
        long seed = Long.getLong("sim.seed", 17);
        Simulation.Config options = Simulation.Config.standard();
        Simulation.Result planned = Simulation.run(seed, options);
        String text = String.join(", ", planned.schedule().stream().filter(line -> !line.startsWith("operator at ")).toList());

        Simulation.Result replayed =
                Simulation.replay(seed, options, FaultSchedule.parse(text));

        assertThat(replayed).as("seed %d, schedule %s", seed, text).isEqualTo(planned);
    }
}
