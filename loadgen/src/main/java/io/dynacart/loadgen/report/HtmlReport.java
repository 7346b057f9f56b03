package io.dynacart.loadgen.report;

import io.dynacart.loadgen.fault.FaultEvent;
import io.dynacart.loadgen.record.IntervalPoint;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The report as one self-contained HTML page: verdicts, the latency-over-time chart (p50, p99 and
 * p99.9 per second as lines and each second's max as dots, on a log scale, the SLA target, a marker at
 * every fault), throughput per second (each interval's count over its length, on round ticks), the
 * percentile table, the divergence histogram, and the run's settings. Inline SVG and CSS only.
 */
public final class HtmlReport {

    private static final int W = 1100;
    private static final int H = 340;
    private static final int LEFT = 60;
    private static final int RIGHT = 20;
    private static final int TOP = 20;
    private static final int BOTTOM = 40;

    private HtmlReport() {
    }

    public static String render(Report r) {
        StringBuilder out = new StringBuilder(64 * 1024);
        out.append("<!doctype html><html lang=en><head><meta charset=utf-8><title>DynaCart load report: ")
                .append(esc(r.workload())).append("</title><style>")
                .append("body{font:14px system-ui,sans-serif;margin:24px;color:#222;max-width:1160px}")
                .append("table{border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}")
                .append("th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}")
                .append(".pass{background:#e3f6e3;border:1px solid #5a5;padding:8px 12px;margin:6px 0}")
                .append(".fail{background:#fbe3e3;border:1px solid #c55;padding:8px 12px;margin:6px 0}")
                .append("svg{background:#fff;border:1px solid #ddd}h2{margin-top:28px}.muted{color:#777}")
                .append("</style></head><body>");
        out.append("<h1>DynaCart load report — ").append(esc(r.workload())).append("</h1>");
        out.append("<p class=muted>").append(esc(r.target())).append(" · started ").append(esc(when(r.startedAt())))
                .append(" · ").append(fmt(r.seconds())).append(" s measured</p>");
        verdicts(out, r);
        out.append("<h2>Latency over time</h2>");
        latencyChart(out, r.timeline(), r.faults(), r.sla().targetMs());
        out.append("<h2>Throughput per second</h2>");
        throughputChart(out, r.timeline(), r.faults(), r.askedRate());
        out.append("<h2>Percentiles (ms, from the intended start; of successful requests)</h2>");
        percentileTable(out, r);
        out.append("<h2>Divergence: versions seen per read</h2>");
        divergence(out, r.divergence());
        faults(out, r.faults());
        settings(out, r.settings(), r.notes());
        out.append("</body></html>\n");
        return out.toString();
    }

    private static void verdicts(StringBuilder out, Report r) {
        Report.Sla s = r.sla();
        out.append("<div class=").append(s.passed() ? "pass" : "fail").append("><b>SLA ")
                .append(s.passed() ? "met" : "missed").append("</b>: ").append(pct(s.shareWithinTarget()))
                .append(" of ").append(s.requests()).append(" requests answered within ").append(fmt(s.targetMs()))
                .append(" ms (target: ").append(fmt(s.percentile())).append("%); p99.9 of successes ")
                .append(fmt(s.p999Ms())).append(" ms. Throughput ").append(fmt(r.achievedRate())).append(" ops/s of ")
                .append(fmt(r.askedRate())).append(" asked; ").append(r.errors()).append(" errors.</div>");
        Report.CorrectnessVerdict c = r.correctness();
        out.append("<div class=").append(c.passed() ? "pass" : "fail").append("><b>Correctness ")
                .append(c.passed() ? "passed" : "FAILED").append("</b>: ").append(esc(c.summary()));
        List<String> examples = c.details().examples();
        if (!examples.isEmpty()) {
            out.append("<ul>");
            examples.forEach(e -> out.append("<li>").append(esc(e)).append("</li>"));
            out.append("</ul>");
        }
        out.append("</div>");
    }

    private static void latencyChart(StringBuilder out, List<IntervalPoint> points, List<FaultEvent> faults, double slaMs) {
        double maxMs = Math.max(slaMs, points.stream().mapToDouble(IntervalPoint::maxMs).max().orElse(1));
        double lo = 0.1;
        double hi = Math.pow(10, Math.ceil(Math.log10(Math.max(maxMs, 1))));
        double seconds = Math.max(1, points.isEmpty() ? 1 : points.get(points.size() - 1).second());
        Scale x = v -> LEFT + v / seconds * (W - LEFT - RIGHT);
        Scale y = v -> TOP + (1 - (Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)))
                * (H - TOP - BOTTOM);
        out.append(svgOpen());
        for (double t = lo; t <= hi * 1.001; t *= 10) {
            double yy = y.at(t);
            out.append(line(LEFT, yy, W - RIGHT, yy, "#eee", 1, null))
                    .append(text(LEFT - 6, yy + 4, label(t) + " ms", "end", "#666"));
        }
        xAxis(out, x, seconds);
        markers(out, faults, x);
        out.append(line(LEFT, y.at(slaMs), W - RIGHT, y.at(slaMs), "#c00", 1, "6 4"))
                .append(text(W - RIGHT - 4, y.at(slaMs) - 4, "SLA " + fmt(slaMs) + " ms", "end", "#c00"));
        series(out, points, x, y, IntervalPoint::p999Ms, "#d62728", "p99.9");
        series(out, points, x, y, IntervalPoint::p99Ms, "#ff7f0e", "p99");
        series(out, points, x, y, IntervalPoint::p50Ms, "#1f77b4", "p50");
        // Dots, drawn last: in a second of a few hundred requests the max often is the p99.9, and a line
        // under the p99.9's would not show.
        dots(out, points, x, y, IntervalPoint::maxMs, "#555", "max");
        legend(out, new String[] {"p50", "p99", "p99.9", "max (dots)"}, new String[] {"#1f77b4", "#ff7f0e", "#d62728", "#555"},
                3);
        out.append("</svg>");
    }

    /** One interval's throughput: requests answered ok and errors, per second of the interval. */
    record Rate(double second, double ok, double errors) {
    }

    /** Intervals shorter than this (the run's last, cut by its end) are too short for a rate. */
    static final double SHORTEST_INTERVAL_S = 0.25;

    /** Each interval's counts over its length: the last one, cut short by the end of the run, is no dip. */
    static List<Rate> rates(List<IntervalPoint> points) {
        List<Rate> out = new ArrayList<>();
        double previous = 0;
        for (IntervalPoint p : points) {
            double length = p.second() - previous;
            previous = p.second();
            if (length >= SHORTEST_INTERVAL_S) {
                out.add(new Rate(p.second(), (p.ops() - p.errors()) / length, p.errors() / length));
            }
        }
        return out;
    }

    private static void throughputChart(StringBuilder out, List<IntervalPoint> points, List<FaultEvent> faults, double asked) {
        List<Rate> rates = rates(points);
        double highest = Math.max(asked, rates.stream().mapToDouble(r -> r.ok() + r.errors()).max().orElse(1));
        double step = niceStep(highest * 1.05, 4);
        double top = Math.ceil(highest * 1.05 / step) * step;
        double seconds = Math.max(1, points.isEmpty() ? 1 : points.get(points.size() - 1).second());
        Scale x = v -> LEFT + v / seconds * (W - LEFT - RIGHT);
        Scale y = v -> TOP + (1 - v / top) * (H - TOP - BOTTOM);
        out.append(svgOpen());
        for (int i = 0; i * step <= top + step / 2; i++) {
            double v = i * step;
            out.append(line(LEFT, y.at(v), W - RIGHT, y.at(v), "#eee", 1, null))
                    .append(text(LEFT - 6, y.at(v) + 4, fmt(v), "end", "#666"));
        }
        xAxis(out, x, seconds);
        markers(out, faults, x);
        out.append(line(LEFT, y.at(asked), W - RIGHT, y.at(asked), "#999", 1, "6 4"))
                .append(text(W - RIGHT - 4, y.at(asked) - 4, "asked " + fmt(asked) + "/s", "end", "#666"));
        path(out, rates.stream().map(r -> new double[] {x.at(r.second()), y.at(r.ok())}).toList(), "#2ca02c", "ok/s");
        path(out, rates.stream().map(r -> new double[] {x.at(r.second()), y.at(r.errors())}).toList(), "#d62728",
                "errors/s");
        legend(out, new String[] {"answered ok per second", "errors per second"}, new String[] {"#2ca02c", "#d62728"}, -1);
        out.append("</svg>");
    }

    /**
     * A round step for an axis from 0 to {@code max} with about {@code ticks} steps: 1, 2, 2.5 or 5
     * times a power of ten (so 250 asked gives ticks at 0, 100, 200, 300, not 63, 125, 188).
     */
    static double niceStep(double max, int ticks) {
        double raw = Math.max(max, 1e-9) / ticks;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 2.5, 5}) {
            if (m * magnitude >= raw * (1 - 1e-9)) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static void percentileTable(StringBuilder out, Report r) {
        out.append("<table><tr><th>operation</th><th>count</th><th>errors</th><th>p50</th><th>p90</th><th>p99</th>"
                + "<th>p99.9</th><th>max</th><th>mean</th><th>errors by kind</th></tr>");
        for (Report.OpSummary o : r.operations()) {
            row(out, o, false);
        }
        row(out, r.overall(), true);
        out.append("</table>");
    }

    private static void row(StringBuilder out, Report.OpSummary o, boolean bold) {
        String b = bold ? "<b>" : "";
        String eb = bold ? "</b>" : "";
        out.append("<tr><td>").append(b).append(esc(o.operation())).append(eb).append("</td><td>").append(o.count())
                .append("</td><td>").append(o.errors()).append("</td>");
        for (double v : new double[] {o.p50Ms(), o.p90Ms(), o.p99Ms(), o.p999Ms(), o.maxMs(), o.meanMs()}) {
            out.append("<td>").append(fmt(v)).append("</td>");
        }
        out.append("<td>").append(esc(o.errorsByKind().isEmpty() ? "" : new TreeMap<>(o.errorsByKind()).toString()))
                .append("</td></tr>");
    }

    private static void divergence(StringBuilder out, Report.Divergence d) {
        String[] names = {"1", "2", "3", "4+"};
        long[] counts = {d.one(), d.two(), d.three(), d.fourOrMore()};
        double[] shares = {d.shareOne(), d.shareTwo(), d.shareThree(), d.shareFourOrMore()};
        int w = 520;
        int h = 220;
        out.append("<svg width=").append(w).append(" height=").append(h).append(" viewBox='0 0 ").append(w).append(' ')
                .append(h).append("' xmlns='http://www.w3.org/2000/svg'>");
        for (int i = 0; i < 4; i++) {
            // Log scale, so that 0.06% is visible next to 99.94%.
            double frac = counts[i] == 0 ? 0 : Math.log10(1 + counts[i]) / Math.log10(1 + Math.max(1, d.reads()));
            double bh = frac * (h - 60);
            double bx = 40 + i * 120;
            out.append(String.format(Locale.ROOT, "<rect x='%.1f' y='%.1f' width='80' height='%.1f' fill='%s'/>",
                    bx, h - 30 - bh, bh, i == 0 ? "#1f77b4" : "#d62728"));
            out.append(text(bx + 40, h - 12, names[i] + (i == 0 ? " version" : " versions"), "middle", "#333"));
            out.append(text(bx + 40, h - 36 - bh, pct(shares[i]) + " (" + counts[i] + ")", "middle", "#333"));
        }
        out.append("</svg><p>").append(d.reads()).append(" reads found the key; ").append(d.notFound())
                .append(" found nothing yet. Bars on a log scale. The paper (section 6.3) saw 99.94% of requests at one version.</p>");
    }

    private static void faults(StringBuilder out, List<FaultEvent> faults) {
        if (faults.isEmpty()) {
            return;
        }
        out.append("<h2>Faults</h2><table><tr><th>action</th><th>due (s)</th><th>started (s)</th><th>took (ms)</th>"
                + "<th>outcome</th></tr>");
        for (FaultEvent f : faults) {
            out.append("<tr><td>").append(esc(f.action())).append("</td><td>").append(fmt(f.dueMillis() / 1000.0))
                    .append("</td><td>").append(fmt(f.startedMillis() / 1000.0)).append("</td><td>")
                    .append(f.doneMillis() - f.startedMillis()).append("</td><td>")
                    .append(f.failed() ? "failed: " + esc(f.error()) : "done").append("</td></tr>");
        }
        out.append("</table>");
    }

    private static void settings(StringBuilder out, Map<String, Object> settings, Map<String, Object> notes) {
        out.append("<h2>Run</h2><table>");
        new TreeMap<>(settings).forEach((k, v) ->
                out.append("<tr><td>").append(esc(k)).append("</td><td>").append(esc(String.valueOf(v))).append("</td></tr>"));
        new TreeMap<>(notes).forEach((k, v) ->
                out.append("<tr><td>").append(esc(k)).append("</td><td>").append(esc(String.valueOf(v))).append("</td></tr>"));
        out.append("</table>");
    }

    @FunctionalInterface
    private interface Scale {
        double at(double v);
    }

    private static String svgOpen() {
        return "<svg width=" + W + " height=" + H + " viewBox='0 0 " + W + " " + H + "' xmlns='http://www.w3.org/2000/svg'>";
    }

    private static void xAxis(StringBuilder out, Scale x, double seconds) {
        double step = seconds <= 20 ? 2 : seconds <= 60 ? 5 : seconds <= 180 ? 15 : 60;
        for (double t = 0; t <= seconds + 1e-9; t += step) {
            out.append(line(x.at(t), H - BOTTOM, x.at(t), H - BOTTOM + 4, "#666", 1, null))
                    .append(text(x.at(t), H - BOTTOM + 16, fmt(t) + " s", "middle", "#666"));
        }
        out.append(line(LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM, "#666", 1, null));
    }

    private static void markers(StringBuilder out, List<FaultEvent> faults, Scale x) {
        int i = 0;
        for (FaultEvent f : faults) {
            double fx = x.at(f.startedMillis() / 1000.0);
            out.append(line(fx, TOP, fx, H - BOTTOM, "#7b2cbf", 1.5, "4 3"))
                    .append(text(fx + 4, TOP + 12 + 14 * (i++ % 3), f.action(), "start", "#7b2cbf"));
        }
    }

    /** A latency line over the seconds that had a success (a second without one has no latency). */
    private static void series(StringBuilder out, List<IntervalPoint> points, Scale x, Scale y,
                               ToDoubleFunction<IntervalPoint> value, String color, String name) {
        path(out, points.stream().filter(p -> p.ops() > p.errors())
                .map(p -> new double[] {x.at(p.second()), y.at(value.applyAsDouble(p))}).toList(), color, name);
    }

    private static void path(StringBuilder out, List<double[]> xy, String color, String name) {
        StringBuilder d = new StringBuilder();
        for (double[] p : xy) {
            d.append(d.length() == 0 ? "M" : "L").append(fmt2(p[0])).append(',').append(fmt2(p[1]));
        }
        if (d.length() > 0) {
            out.append("<path d='").append(d).append("' fill='none' stroke='").append(color)
                    .append("' stroke-width='1.6'><title>").append(esc(name)).append("</title></path>");
        }
    }

    /** A dot a second that had a success. */
    private static void dots(StringBuilder out, List<IntervalPoint> points, Scale x, Scale y,
                             ToDoubleFunction<IntervalPoint> value, String color, String name) {
        out.append("<g class='").append(esc(name)).append("' fill='").append(color).append("'><title>").append(esc(name))
                .append("</title>");
        for (IntervalPoint p : points) {
            if (p.ops() > p.errors()) {
                out.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='2.2'/>", x.at(p.second()),
                        y.at(value.applyAsDouble(p))));
            }
        }
        out.append("</g>");
    }

    /** The legend under a chart; entry {@code dot} (or -1 for none) is drawn as a dot, the rest as lines. */
    private static void legend(StringBuilder out, String[] names, String[] colors, int dot) {
        for (int i = 0; i < names.length; i++) {
            int lx = LEFT + 10 + i * 190;
            out.append(i == dot
                    ? String.format(Locale.ROOT, "<circle cx='%d' cy='%d' r='3' fill='%s'/>", lx + 12, H - 8, colors[i])
                    : line(lx, H - 8, lx + 24, H - 8, colors[i], 3, null))
                    .append(text(lx + 30, H - 4, names[i], "start", "#333"));
        }
    }

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** An instant as people read it, to the second: {@code 2026-12-05 04:06:05 UTC}. */
    static String when(String instant) {
        try {
            return WHEN.format(Instant.parse(instant));
        } catch (DateTimeParseException e) {
            return instant;
        }
    }

    private static String line(double x1, double y1, double x2, double y2, String color, double width, String dash) {
        return String.format(Locale.ROOT, "<line x1='%.1f' y1='%.1f' x2='%.1f' y2='%.1f' stroke='%s' stroke-width='%.1f'%s/>",
                x1, y1, x2, y2, color, width, dash == null ? "" : " stroke-dasharray='" + dash + "'");
    }

    private static String text(double x, double y, String s, String anchor, String color) {
        return String.format(Locale.ROOT, "<text x='%.1f' y='%.1f' font-size='11' text-anchor='%s' fill='%s'>%s</text>",
                x, y, anchor, color, esc(s));
    }

    private static String label(double ms) {
        return ms < 1 ? BigDecimal.valueOf(ms).round(new MathContext(2)).stripTrailingZeros().toPlainString()
                : String.valueOf(Math.round(ms));
    }

    static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.valueOf((long) v);
        }
        return String.format(Locale.ROOT, Math.abs(v) < 10 ? "%.2f" : "%.1f", v);
    }

    private static String fmt2(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String pct(double share) {
        return String.format(Locale.ROOT, share >= 0.9999 || share == 0 ? "%.2f%%" : "%.3f%%", share * 100);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
