package io.dynacart.ops;

import io.dynacart.store.sim.Simulation;
import io.dynacart.store.sim.SimulationEnvironment;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs a sweep's schedules, {@code threads} at once, and hands each outcome on in seed order, on the
 * calling thread: a schedule's verdict never depends on what ran beside it (each has its own
 * simulated cluster, scheduler and randomness, all from its seed).
 */
final class SimSweep {

    /** One schedule's outcome: its result, or what it threw. */
    record Outcome(long seed, Simulation.Result result, Throwable thrown) {
    }

    private final SimSweepConfig sweep;
    private final SimulationEnvironment environment;

    SimSweep(SimSweepConfig sweep, SimulationEnvironment environment) {
        this.sweep = sweep;
        this.environment = environment;
    }

    void run(Consumer<Outcome> each) {
        AtomicInteger names = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(sweep.threads(), r -> {
            Thread t = new Thread(r, "sim-" + names.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            Deque<Future<Outcome>> inFlight = new ArrayDeque<>();
            long next = sweep.firstSeed();
            long end = sweep.firstSeed() + sweep.schedules();
            int window = sweep.threads() * 4;
            while (next < end || !inFlight.isEmpty()) {
                while (next < end && inFlight.size() < window) {
                    long s = next++;
                    inFlight.add(pool.submit(() -> runOne(s)));
                }
                each.accept(await(inFlight.poll()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private Outcome runOne(long s) {
        try {
            Simulation.Result r = sweep.faults().isPresent()
                    ? Simulation.replay(s, sweep.simulation(), sweep.faults().get(), environment)
                    : Simulation.run(s, sweep.simulation(), environment);
            return new Outcome(s, r, null);
        } catch (RuntimeException | AssertionError e) {
            return new Outcome(s, null, e);
        }
    }

    private static Outcome await(Future<Outcome> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpsException("interrupted", e);
        } catch (ExecutionException e) {
            throw new OpsException("a schedule failed to run: " + e.getCause(), e.getCause());
        }
    }
}
