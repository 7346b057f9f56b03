package io.dynacart.store.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.antientropy.TombstoneConfig;
import io.dynacart.testing.Seed;
import io.dynacart.testing.Simulated;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Hints against tombstones, with outages longer than the grace: every run has a node down from its
 * first seconds to the end game (about 10 s) and the usual partitions, while tombstones wait only
 * 2 s and hints live 1 s before they are handed on. No acknowledged write may be lost, no deleted
 * value may come back, and tombstones must actually be collected along the way (or the run proves
 * nothing). Seeds 1 to 60; {@code -Doutage.seeds=N} runs more, {@code -Doutage.seed=S} replays one (a
 * failure names the flags).
 */
@Simulated
class LongOutageSimTest {

    /** Grace 2 s, scans every 50 ms, hints handed on after 1 s, one clock (no skew) in the simulator. */
    static final TombstoneConfig SHORT = new TombstoneConfig(2_000, 50, 1_000, 1_000, 0);

    @Test
    void hintsNeitherLoseAWriteNorBringBackADeleteAcrossOutagesLongerThanTheGrace() {
        OptionalLong only = Seed.given("outage");
        long first = only.orElse(1);
        int seeds = only.isPresent() ? 1 : Seed.count("outage", 60);
        Simulation.Config options = Simulation.Config.standard()
                .withLongOutagesAnd(SHORT);
        List<Simulation.Result> failures = new ArrayList<>();
        long collected = 0;
        for (long seed = first; seed < first + seeds; seed++) {
            Simulation.Result r = Simulation.run(seed, options);
            collected += r.tombstonesCollected();
            if (!r.ok()) {
                failures.add(r);
            }
        }
        System.out.printf("LongOutageSimTest: %d seeds, %d tombstones collected, %d failed%n", seeds, collected,
                failures.size());
        assertThat(failures).as(() -> failures.stream().limit(3)
                .map(r -> new Seed("outage", r.seed(), LongOutageSimTest.class) + "\n" + r.report())
                .collect(Collectors.joining("\n"))).isEmpty();
        if (only.isEmpty()) { // a whole run, not the replay of one seed
            assertThat(collected).as("tombstones collected during the runs").isGreaterThan(seeds);
        }
    }
}
