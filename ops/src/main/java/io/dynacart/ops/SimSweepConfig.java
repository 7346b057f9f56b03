package io.dynacart.ops;

import io.dynacart.store.cluster.FaultSchedule;
import io.dynacart.store.sim.NamespaceMix;
import io.dynacart.store.sim.Simulation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code dynacart sim} runs: seeds {@code firstSeed .. firstSeed + schedules - 1}, each a
 * simulation of {@code simulation}, its faults planned from the seed or, with {@code faults}, given.
 *
 * @param threads how many schedules run at once (each is single-threaded and deterministic)
 */
record SimSweepConfig(long firstSeed, int schedules, Simulation.Config simulation, Optional<FaultSchedule> faults,
                      int threads) {

    /** The launcher as the README runs it. */
    static final String LAUNCHER = "ops/dynacart sim";

    /** What {@code --clients}, {@code --keys} and {@code --workload} default to for {@code simulation}'s namespaces. */
    static Simulation.Config defaults(boolean namespaces) {
        Simulation.Config standard = Simulation.Config.standard();
        return namespaces ? standard.withNamespaces() : standard;
    }

    boolean namespaces() {
        return !simulation.namespaces().equals(NamespaceMix.NONE);
    }

    /** The command that runs seed {@code seed} of {@code c} alone, exactly as it ran here. */
    static String replay(long seed, Simulation.Config c, Optional<FaultSchedule> faults) {
        boolean namespaces = !c.namespaces().equals(NamespaceMix.NONE);
        Simulation.Config d = defaults(namespaces);
        List<String> args = new ArrayList<>(List.of(LAUNCHER, "--seed", Long.toString(seed), "--schedules", "1"));
        if (c.nodes() != d.nodes()) {
            args.add("--nodes " + c.nodes());
        }
        if (c.zones() != 1) {
            args.add("--zones " + c.zones());
        }
        if (namespaces) {
            args.add("--namespaces");
        }
        if (c.clients() != d.clients()) {
            args.add("--clients " + c.clients());
        }
        if (c.keys() != d.keys()) {
            args.add("--keys " + c.keys());
        }
        if (c.workloadMillis() != d.workloadMillis()) {
            args.add("--workload " + SimReport.duration(c.workloadMillis()));
        }
        if (faults.isPresent()) {
            args.add("--fault-schedule " + (faults.get().isEmpty() ? SimCommand.NO_FAULTS : "'" + faults.get().text() + "'"));
        } else {
            if (!c.faultMix().isStandard()) {
                args.add("--faults " + c.faultMix().text());
            }
            if (c.faults() != d.faults()) {
                args.add("--fault-count " + c.faults());
            }
        }
        return String.join(" ", args);
    }

    /** How wide the widest seed of the sweep is, to line verdicts up. */
    int seedWidth() {
        return Math.max(Long.toString(firstSeed).length(), Long.toString(firstSeed + schedules - 1).length());
    }

    String replay(long seed) {
        return replay(seed, simulation, faults);
    }
}
