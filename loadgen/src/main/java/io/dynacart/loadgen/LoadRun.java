package io.dynacart.loadgen;

import com.sun.management.OperatingSystemMXBean;
import io.dynacart.loadgen.arrival.Dispatcher;
import io.dynacart.loadgen.fault.FaultExecutor;
import io.dynacart.loadgen.record.IntervalPoint;
import io.dynacart.loadgen.record.Recorders;
import io.dynacart.loadgen.report.Report;
import io.dynacart.loadgen.report.ReportBuilder;
import io.dynacart.loadgen.target.Target;
import io.dynacart.loadgen.workload.Correctness;
import io.dynacart.loadgen.workload.ErrorKind;
import io.dynacart.loadgen.workload.KvWorkload;
import io.dynacart.loadgen.workload.Workload;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One run, start to end: prepare the workload, start the fault schedule and the once-a-second
 * ticker, dispatch requests open-loop until the limit, drain what is in flight, stop the faults, heal
 * the cluster, read everything back, build the report.
 */
public final class LoadRun {

    private final RunConfig settings;
    private final Target target;
    private final Workload workload;
    private final PrintStream console;
    /** The least background share among the nodes, each second of the load (embedded clusters). */
    private final List<Double> shares = new CopyOnWriteArrayList<>();

    public LoadRun(RunConfig settings, Target target, Workload workload, PrintStream console) {
        this.settings = settings;
        this.target = target;
        this.workload = workload;
        this.console = console;
    }

    public Report execute() {
        Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long t0 = System.nanoTime();
        workload.prepare(Duration.ofMinutes(5));
        console.printf("prepared the %s workload in %.1f s on %s%n", workload.name(), (System.nanoTime() - t0) / 1e9,
                target.describe());
        if (!settings.warmup().isZero()) {
            Recorders discarded = new Recorders(workload.operations());
            Dispatcher warm = new Dispatcher(settings.arrivals(), settings.maxInFlight(), System::nanoTime);
            warm.run(System.nanoTime(), new Dispatcher.Limit(0, settings.warmup().toNanos()), sink(discarded), () -> false);
            warm.drain(settings.requestTimeout().toNanos());
            console.printf("warmed up for %d s (not measured)%n", settings.warmup().toSeconds());
        }
        Recorders recorders = new Recorders(workload.operations());
        FaultExecutor faults = new FaultExecutor(settings.faults(), target.faults());
        Dispatcher dispatcher = new Dispatcher(settings.arrivals(), settings.maxInFlight(), System::nanoTime);
        long origin = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "loadgen-ticker");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(() -> tick(recorders, origin), origin + 1_000_000_000L - System.nanoTime(),
                1_000_000_000L, TimeUnit.NANOSECONDS);
        faults.start(origin, System::nanoTime);
        long timeoutNanos = settings.requestTimeout().toNanos();
        long cpuBefore = processCpuNanos();
        dispatcher.run(origin, new Dispatcher.Limit(settings.operations(), settings.duration().toNanos()), sink(recorders),
                () -> false);
        long sent = System.nanoTime();
        int stuck = dispatcher.drain(timeoutNanos + TimeUnit.SECONDS.toNanos(2));
        double cpuSeconds = (processCpuNanos() - cpuBefore) / 1e9;
        ticker.shutdownNow();
        double seconds = (sent - origin) / 1e9;
        IntervalPoint last = recorders.tick((System.nanoTime() - origin) / 1e9);
        faults.stop(TimeUnit.MINUTES.toMillis(3));
        console.printf("load done: %.1f s, %d requests still out after the drain; healing and reading back (up to %d s)%n",
                seconds, stuck, settings.settle().toSeconds());
        target.healAll();
        Correctness correctness = workload.verify(settings.settle());
        Map<String, Object> notes = new LinkedHashMap<>();
        notes.put("requests_still_out_after_drain", stuck);
        // The last second that had a success: the final interval, cut short by the end of the run, may have none.
        notes.put("last_interval_p999_ms", recorders.points().stream().filter(p -> p.ops() > p.errors())
                .reduce((a, b) -> b).orElse(last).p999Ms());
        // This JVM's CPU (every thread, user + system) from the first request to the end of the drain:
        // with an embedded cluster the nodes' and the load generator's, against running nodes the load
        // generator's alone. Summary divides it by the requests.
        notes.put("cpu_seconds_during_load", Math.round(cpuSeconds * 1000) / 1000.0);
        // The least background share among the nodes, sampled each second during the load.
        if (!shares.isEmpty()) {
            notes.put("background_share_mean", Math.round(shares.stream().mapToDouble(d -> d).average().orElse(1) * 1000) / 1000.0);
            notes.put("background_share_min", shares.stream().mapToDouble(d -> d).min().orElse(1));
            notes.put("seconds_background_reduced", shares.stream().filter(d -> d < 1).count());
        }
        notes.putAll(target.backgroundTotals());
        if (workload instanceof KvWorkload kv) {
            notes.put("updates_sent_as_reads_busy_key", kv.updatesTurnedIntoReads());
        }
        return ReportBuilder.build(new ReportBuilder.RunFacts(workload.name(), target.describe(), settings.describe(),
                startedAt.toString(), seconds, settings.arrivals().rate(), settings.slaMs(), settings.slaPercentile(), notes),
                recorders, faults.events(), correctness);
    }

    /** CPU time of this process so far (every thread, user + system), in nanoseconds. */
    private static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Starts each request at once and records how it ended, latency counted from its intended start. */
    private Dispatcher.Sink sink(Recorders recorders) {
        long timeoutNanos = settings.requestTimeout().toNanos();
        return new Dispatcher.Sink() {
            @Override
            public void dispatch(long intended, Runnable done) {
                Workload.Request request = workload.next();
                CompletableFuture<Integer> call;
                try {
                    call = request.start();
                } catch (RuntimeException e) {
                    call = CompletableFuture.failedFuture(e);
                }
                call.orTimeout(timeoutNanos, TimeUnit.NANOSECONDS).whenComplete((versions, failure) -> {
                    if (failure == null) {
                        recorders.success(request.operation(), (System.nanoTime() - intended) / 1_000, versions);
                    } else {
                        recorders.error(request.operation(), ErrorKind.of(failure));
                    }
                    done.run();
                });
            }

            @Override
            public void overload(long intended) {
                Workload.Request request = workload.next();
                request.abandon();
                recorders.error(request.operation(), ErrorKind.OVERLOAD);
            }
        };
    }

    private void tick(Recorders recorders, long origin) {
        try {
            double second = (System.nanoTime() - origin) / 1e9;
            IntervalPoint p = recorders.tick(second);
            OptionalDouble share = target.backgroundShare();
            share.ifPresent(shares::add);
            if (settings.progress()) {
                var overall = recorders.overall();
                long[] v = recorders.versions().snapshot();
                long reads = v[1] + v[2] + v[3] + v[4];
                console.printf(Locale.ROOT, "%6.1fs  %6d ops/s  p99.9 so far %8.2f ms  (this second %8.2f ms)  errors %d"
                                + "  versions seen 1:%d 2:%d 3:%d 4+:%d%s%s%n",
                        second, p.ops(), overall.getTotalCount() == 0 ? 0 : overall.getValueAtPercentile(99.9) / 1000.0,
                        p.p999Ms(), recorders.errorsTotal(), v[1], v[2], v[3], v[4],
                        reads == 0 ? "" : String.format(Locale.ROOT, " (%.3f%% >1)", 100.0 * (reads - v[1]) / reads),
                        share.isPresent() ? String.format(Locale.ROOT, "  background share %.2f", share.getAsDouble()) : "");
            }
        } catch (RuntimeException e) {
            console.println("progress failed: " + e);
        }
    }
}
