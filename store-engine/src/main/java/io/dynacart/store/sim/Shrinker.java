package io.dynacart.store.sim;

import io.dynacart.store.cluster.FaultSchedule;
import io.dynacart.store.cluster.ScheduledFault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds a smaller run that breaks the same law as a failing one: the same seed, replayed
 * ({@link Simulation#replay}) with an earlier end of the workload, fewer of its faults, fewer
 * clients and fewer keys, each step kept only if the law still breaks and the run does no more
 * operations than the first. Every try is a deterministic run, so what it finds replays as printed.
 * A try that throws counts as not failing.
 */
public final class Shrinker {

    /** The shortest workload a try runs, in virtual ms. */
    static final long MIN_WORKLOAD_MILLIS = 200;

    /** What the shrinker varies: the run's knobs and its faults (times from the workload's start). */
    public record Candidate(Simulation.Config config, FaultSchedule faults) {
    }

    /**
     * What shrinking found: the smallest failing run, its result, and how many runs it tried.
     *
     * @param law the law the failing run broke, which every step kept broken
     */
    public record Shrunk(String law, Candidate smallest, Simulation.Result result, int runs) {
    }

    /** Told after each try: runs so far, and the smallest failing run so far. */
    public interface Progress {
        void tried(int runs, Simulation.Result smallest);
    }

    private final long seed;
    private final SimulationEnvironment environment;
    private final String law;
    private final long maxOperations;
    private final int maxRuns;
    private final Progress progress;
    private Candidate best;
    private Simulation.Result bestResult;
    private int runs;

    private Shrinker(Simulation.Result failing, Simulation.Config config, SimulationEnvironment environment, int maxRuns,
                     Progress progress) {
        this.seed = failing.seed();
        this.environment = environment;
        this.law = failing.firstViolated().orElseThrow(() -> new IllegalArgumentException(
                "seed " + failing.seed() + " broke no law: nothing to shrink"));
        this.maxOperations = failing.operations();
        this.maxRuns = maxRuns;
        this.progress = progress;
        this.best = new Candidate(config, failing.faults());
        this.bestResult = failing;
    }

    /**
     * Shrinks {@code failing}, a run of {@code config} (planned or given its faults, as
     * {@link Simulation.Result#faults} holds them), trying at most {@code maxRuns} runs.
     */
    public static Shrunk shrink(Simulation.Result failing, Simulation.Config config, SimulationEnvironment environment,
                                int maxRuns, Progress progress) {
        Shrinker s = new Shrinker(failing, config, environment, maxRuns, progress);
        s.run();
        return new Shrunk(s.law, s.best, s.bestResult, s.runs);
    }

    private void run() {
        boolean smaller = true;
        while (smaller && runs < maxRuns) {
            smaller = shorterWorkload() | fewerFaults() | fewerClients() | fewerKeys();
        }
    }

    /** Tries the workload cut to 1/16, 1/8, 1/4, 1/2 and 3/4 of its length, faults after the end dropped. */
    private boolean shorterWorkload() {
        long millis = best.config().workloadMillis();
        for (double fraction : new double[] {1.0 / 16, 1.0 / 8, 1.0 / 4, 1.0 / 2, 3.0 / 4}) {
            long shorter = Math.max(MIN_WORKLOAD_MILLIS, Math.round(millis * fraction));
            if (shorter >= millis) {
                continue;
            }
            List<ScheduledFault> kept = best.faults().faults().stream()
                    .filter(f -> f.at().compareTo(Duration.ofMillis(shorter)) < 0).toList();
            Simulation.Config c = best.config();
            if (accept(new Candidate(c.withWorkload(c.clients(), c.keys(), shorter), new FaultSchedule(kept)))) {
                return true;
            }
        }
        return false;
    }

    /** Drops the faults in halves, then quarters, ..., then one by one, keeping each drop that still fails. */
    private boolean fewerFaults() {
        boolean any = false;
        int chunk = Math.max(1, best.faults().faults().size() / 2);
        while (chunk >= 1 && !best.faults().isEmpty() && runs < maxRuns) {
            boolean dropped = false;
            List<ScheduledFault> faults = best.faults().faults();
            for (int from = 0; from < faults.size() && runs < maxRuns; from += chunk) {
                List<ScheduledFault> rest = new ArrayList<>(faults.subList(0, from));
                rest.addAll(faults.subList(Math.min(faults.size(), from + chunk), faults.size()));
                if (accept(new Candidate(best.config(), new FaultSchedule(rest)))) {
                    dropped = true;
                    any = true;
                    break;
                }
            }
            if (!dropped) {
                chunk /= 2;
            }
        }
        return any;
    }

    private boolean fewerClients() {
        Simulation.Config c = best.config();
        for (int clients = 1; clients < c.clients() && runs < maxRuns; clients++) {
            if (accept(new Candidate(c.withWorkload(clients, c.keys(), c.workloadMillis()), best.faults()))) {
                return true;
            }
        }
        return false;
    }

    private boolean fewerKeys() {
        Simulation.Config c = best.config();
        for (int keys = 1; keys < c.keys() && runs < maxRuns; keys++) {
            if (accept(new Candidate(c.withWorkload(c.clients(), keys, c.workloadMillis()), best.faults()))) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code candidate}; keeps it as the best if it breaks the law with no more operations than the first run. */
    private boolean accept(Candidate candidate) {
        if (runs >= maxRuns) {
            return false;
        }
        runs++;
        Optional<Simulation.Result> result = tryRun(candidate);
        boolean failing = result.isPresent() && !result.get().violations().getOrDefault(law, List.of()).isEmpty()
                && result.get().operations() <= maxOperations;
        if (failing) {
            best = candidate;
            bestResult = result.get();
        }
        progress.tried(runs, bestResult);
        return failing;
    }

    private Optional<Simulation.Result> tryRun(Candidate candidate) {
        try {
            return Optional.of(Simulation.replay(seed, candidate.config(), candidate.faults(), environment));
        } catch (RuntimeException | AssertionError e) {
            return Optional.empty(); // a schedule the shrinker made that the cluster cannot run (a leave of one never joined)
        }
    }
}
