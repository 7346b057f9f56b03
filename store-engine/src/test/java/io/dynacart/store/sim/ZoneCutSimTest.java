package io.dynacart.store.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.cluster.FaultSchedule;
import io.dynacart.testing.Seed;
import io.dynacart.testing.Simulated;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Nine nodes in three zones (n1, n4, n7 in a; n2, n5, n8 in b; n3, n6, n9 in c), N=3, R=W=2, the
 * default sloppy quorum; each key has a replica in every zone. (Without zones some keys would have
 * all three replicas in one zone, and a cut would leave the rest with stand-ins only for them.) A whole zone is cut off for 3 to 5 virtual seconds
 * while clients read and write through every node: every key stays readable and writeable through
 * the rest, and reads there return every write acknowledged before the cut (law
 * ZoneCutsLeaveTheRestServing); after the heal no acknowledged write is lost and every other law of
 * the simulation holds. The seed picks the zone and when; a second test runs the
 * planner's random schedules, which cut whole zones too. {@code -Dzones.seeds=N} runs more seeds,
 * {@code -Dzones.seed=S} replays one (a failure names the flags).
 */
@Simulated
class ZoneCutSimTest {

    @Test
    void aZoneCutOffLeavesEveryKeyReadableAndWriteableOnTheRestAndLosesNoAcknowledgedWrite() {
        Simulation.Config options = Simulation.Config.standard().inZones(9, 3, 0);
        List<Simulation.Result> failures = new ArrayList<>();
        long acknowledged = 0;
        int seeds = 0;
        for (long seed : seeds(16)) {
            SplittableRandom random = new SplittableRandom(seed);
            char zone = "abc".charAt(random.nextInt(3));
            long cutAt = 1_500 + random.nextInt(1_000);
            long healAt = cutAt + 3_000 + random.nextInt(2_000);
            FaultSchedule schedule = FaultSchedule.parse(cutAt + "ms:cut-zone " + zone + ", " + healAt + "ms:heal");
            Simulation.Result r = Simulation.replay(seed, options, schedule);
            assertThat(r.violations()).as("the laws checked").containsKeys("ZoneCutsLeaveTheRestServing",
                    "NoAcknowledgedWriteLost", "AlwaysReadable", "AlwaysWriteable");
            acknowledged += r.acknowledged();
            seeds++;
            if (!r.ok()) {
                failures.add(r);
            }
        }
        System.out.printf("ZoneCutSimTest: %d seeds, %d acknowledged writes, %d failed%n", seeds, acknowledged,
                failures.size());
        assertThat(failures).as(() -> report(failures)).isEmpty();
        assertThat(acknowledged).as("writes acknowledged across the runs").isGreaterThan(100L * seeds);
    }

    @Test
    void plannedSchedulesThatCutWholeZonesKeepEveryLaw() {
        Simulation.Config options = Simulation.Config.standard().inZones(9, 3, 6);
        List<Simulation.Result> failures = new ArrayList<>();
        for (long seed : seeds(12)) {
            Simulation.Result r = Simulation.run(seed, options);
            if (!r.ok()) {
                failures.add(r);
            }
        }
        assertThat(failures).as(() -> report(failures)).isEmpty();
    }

    /** {@code -Dzones.seed=S} alone, else seeds 1..{@code -Dzones.seeds} (default {@code byDefault}). */
    private static long[] seeds(int byDefault) {
        OptionalLong only = Seed.given("zones");
        if (only.isPresent()) {
            return new long[] {only.getAsLong()};
        }
        int count = Seed.count("zones", byDefault);
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            out[i] = i + 1;
        }
        return out;
    }

    private static String report(List<Simulation.Result> failures) {
        return failures.stream().limit(3).map(r -> new Seed("zones", r.seed(), ZoneCutSimTest.class) + "\n" + r.report())
                .collect(Collectors.joining("\n"));
    }
}
