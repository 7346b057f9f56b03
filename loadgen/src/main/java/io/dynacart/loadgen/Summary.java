package io.dynacart.loadgen;

import io.dynacart.loadgen.report.Report;
import java.io.PrintStream;
import java.util.Locale;

/** The report as the console shows it at the end of a run. */
final class Summary {

    private Summary() {
    }

    static void print(Report r, PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "%s workload on %s: %.1f s, asked %.0f ops/s, achieved %.1f ops/s (%d requests, %d errors)%n",
                r.workload(), r.target(), r.seconds(), r.askedRate(), r.achievedRate(), r.requests(), r.errors());
        if (r.notes().get("cpu_seconds_during_load") instanceof Number cpu && r.requests() > 0) {
            out.printf(Locale.ROOT, "CPU during the load: %.1f s of this process (%s), %,.0f µs per request%n",
                    cpu.doubleValue(), r.target().startsWith("embedded") ? "the nodes and the load generator"
                            : "the load generator only", cpu.doubleValue() * 1e6 / r.requests());
        }
        if (r.notes().get("background_share_mean") instanceof Number mean) {
            out.printf(Locale.ROOT, "background share (least among the nodes, each second): mean %.2f, min %s, below 1 for %s s;"
                            + " anti-entropy keys sent %s, repaired %s; hints delivered %s (nodes running at the end)%n",
                    mean.doubleValue(), r.notes().get("background_share_min"), r.notes().get("seconds_background_reduced"),
                    r.notes().get("antientropy_keys_sent"), r.notes().get("antientropy_keys_repaired"),
                    r.notes().get("hints_delivered"));
        }
        out.printf(Locale.ROOT, "%-14s %8s %7s %9s %9s %9s %9s %9s  %s%n", "operation", "count", "errors", "p50 ms",
                "p90 ms", "p99 ms", "p99.9 ms", "max ms", "errors by kind");
        for (Report.OpSummary o : r.operations()) {
            line(out, o);
        }
        line(out, r.overall());
        Report.Divergence d = r.divergence();
        out.printf(Locale.ROOT, "divergence: of %d reads, 1 version %.3f%%, 2: %.3f%%, 3: %.3f%%, 4+: %.3f%% "
                        + "(%d found nothing yet; the paper: 99.94%% at one version)%n", d.reads(), 100 * d.shareOne(),
                100 * d.shareTwo(), 100 * d.shareThree(), 100 * d.shareFourOrMore(), d.notFound());
        Report.Sla s = r.sla();
        out.printf(Locale.ROOT, "SLA %s: %.3f%% of %d requests within %s ms (target %s%%), p99.9 %.2f ms%n",
                s.passed() ? "MET" : "MISSED", 100 * s.shareWithinTarget(), s.requests(), fmt(s.targetMs()),
                fmt(s.percentile()), s.p999Ms());
        out.printf("correctness %s: %s%n", r.correctness().passed() ? "PASSED" : "FAILED", r.correctness().summary());
        r.correctness().details().examples().forEach(e -> out.println("  " + e));
        r.faults().forEach(f -> out.printf(Locale.ROOT, "fault %-28s at %6.1f s%s%n", f.action(), f.startedMillis() / 1000.0,
                f.failed() ? " FAILED: " + f.error() : ""));
        out.println(r.passed() ? "verdict: PASS" : "verdict: FAIL");
    }

    private static void line(PrintStream out, Report.OpSummary o) {
        out.printf(Locale.ROOT, "%-14s %8d %7d %9.2f %9.2f %9.2f %9.2f %9.2f  %s%n", o.operation(), o.count(), o.errors(),
                o.p50Ms(), o.p90Ms(), o.p99Ms(), o.p999Ms(), o.maxMs(), o.errorsByKind().isEmpty() ? "" : o.errorsByKind());
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
