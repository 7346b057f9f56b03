package io.dynacart.loadgen.report;

import io.dynacart.loadgen.fault.FaultEvent;
import io.dynacart.loadgen.record.IntervalPoint;
import io.dynacart.loadgen.workload.Correctness;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a run reports, as written to {@code report.json} (field names as below) and rendered in
 * {@code report.html}. Latencies are in milliseconds, measured from each request's intended start.
 *
 * @param settings        the options the run was given, by name
 * @param requests        every request due: successes, errors (overload included)
 * @param passed          SLA and correctness both passed; the exit code is 0 exactly then
 */
public record Report(String workload, String target, Map<String, Object> settings, String startedAt,
                     double seconds, double askedRate, double achievedRate, long requests, long successes, long errors,
                     List<OpSummary> operations, OpSummary overall, Divergence divergence, Sla sla,
                     CorrectnessVerdict correctness, List<FaultEvent> faults, List<IntervalPoint> timeline,
                     Map<String, Object> notes, boolean passed) {

    public Report {
        settings = ordered(settings);
        operations = List.copyOf(operations);
        faults = List.copyOf(faults);
        timeline = List.copyOf(timeline);
        notes = ordered(notes);
    }

    /** An unmodifiable copy that keeps the order, so report.json lists things as the run does. */
    private static <V> Map<String, V> ordered(Map<String, V> m) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    /** One operation's numbers; percentiles are of its successes. */
    public record OpSummary(String operation, long count, long successes, long errors, Map<String, Long> errorsByKind,
                            double p50Ms, double p90Ms, double p99Ms, double p999Ms, double maxMs, double meanMs) {
        public OpSummary {
            errorsByKind = Collections.unmodifiableMap(new TreeMap<>(errorsByKind));
        }
    }

    /**
     * How many versions reads saw: the share of reads (of a key that held something) that saw exactly
     * 1, 2, 3, 4 or more. The paper measured 99.94% at one version.
     */
    public record Divergence(long reads, long notFound, long one, long two, long three, long fourOrMore,
                             double shareOne, double shareTwo, double shareThree, double shareFourOrMore) {
    }

    /**
     * The SLA verdict: at least {@code percentile}% of all requests due (failures count as misses)
     * answered successfully within {@code targetMs}.
     */
    public record Sla(double targetMs, double percentile, long requests, long withinTarget, double shareWithinTarget,
                      double p999Ms, boolean passed) {
    }

    /** The correctness verdict, with the workload's own figures. */
    public record CorrectnessVerdict(boolean passed, String summary, Correctness details) {
    }
}
