package io.dynacart.loadgen.report;

import io.dynacart.loadgen.fault.FaultEvent;
import io.dynacart.loadgen.record.OpRecorder;
import io.dynacart.loadgen.record.Recorders;
import io.dynacart.loadgen.workload.Correctness;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/** Turns what the recorders hold into a {@link Report}. */
public final class ReportBuilder {

    private ReportBuilder() {
    }

    /** The run's fixed facts, gathered by the run. */
    public record RunFacts(String workload, String target, Map<String, Object> settings, String startedAt,
                           double seconds, double askedRate, double slaMs, double slaPercentile,
                           Map<String, Object> notes) {
    }

    public static Report build(RunFacts facts, Recorders recorders, List<FaultEvent> faults, Correctness correctness) {
        List<Report.OpSummary> ops = new ArrayList<>();
        Histogram all = new Histogram(3);
        Map<String, Long> allErrors = new TreeMap<>();
        for (OpRecorder r : recorders.ops().values()) {
            Histogram h = r.total();
            all.add(h);
            r.errors().forEach((k, v) -> allErrors.merge(k, v, Long::sum));
            ops.add(summary(r.operation(), h, r.errors()));
        }
        Report.OpSummary overall = summary("all", all, allErrors);
        long requests = overall.count();
        long within = all.getTotalCount() == 0 ? 0 : all.getCountBetweenValues(0, (long) Math.floor(facts.slaMs() * 1000));
        double share = requests == 0 ? 0 : (double) within / requests;
        boolean slaPassed = requests > 0 && share * 100 >= facts.slaPercentile();
        Report.Sla sla = new Report.Sla(facts.slaMs(), facts.slaPercentile(), requests, within, share, overall.p999Ms(),
                slaPassed);
        Report.CorrectnessVerdict verdict = new Report.CorrectnessVerdict(correctness.passed(), correctness.summary(),
                correctness);
        return new Report(facts.workload(), facts.target(), facts.settings(), facts.startedAt(), facts.seconds(),
                facts.askedRate(), facts.seconds() > 0 ? overall.successes() / facts.seconds() : 0, requests,
                overall.successes(), overall.errors(), ops, overall, divergence(recorders), sla, verdict, faults,
                recorders.points(), facts.notes(), slaPassed && correctness.passed());
    }

    static Report.OpSummary summary(String name, Histogram h, Map<String, Long> errors) {
        long errorCount = errors.values().stream().mapToLong(Long::longValue).sum();
        long n = h.getTotalCount();
        return new Report.OpSummary(name, n + errorCount, n, errorCount, errors, ms(h, 50), ms(h, 90), ms(h, 99),
                ms(h, 99.9), n == 0 ? 0 : h.getMaxValue() / 1000.0, n == 0 ? 0 : h.getMean() / 1000.0);
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
    }

    static Report.Divergence divergence(Recorders recorders) {
        long[] b = recorders.versions().snapshot();
        long reads = b[1] + b[2] + b[3] + b[4];
        return new Report.Divergence(reads, b[0], b[1], b[2], b[3], b[4], share(b[1], reads), share(b[2], reads),
                share(b[3], reads), share(b[4], reads));
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }
}
