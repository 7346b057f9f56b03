package io.dynacart.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.loadgen.fault.FaultEvent;
import io.dynacart.loadgen.record.IntervalPoint;
import io.dynacart.loadgen.workload.KvCorrectness;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What a reader of report.html sees: every series in the legend drawn, round ticks, a readable run table. */
class HtmlReportTest {

    /** Ten seconds at 250 requests a second (max = p99.9, as in a second of few requests), then the 60 ms the run's end cut off. */
    private static List<IntervalPoint> tenSeconds() {
        List<IntervalPoint> points = new ArrayList<>();
        for (int s = 1; s <= 10; s++) {
            points.add(new IntervalPoint(s, 250, 0, 1.2, 6.0, 40.0, 40.0));
        }
        points.add(new IntervalPoint(10.06, 15, 0, 1.0, 2.0, 2.0, 2.0));
        return points;
    }

    private static Report report(List<IntervalPoint> points, Map<String, Object> settings) {
        Report.OpSummary all = new Report.OpSummary("all", 2515, 2515, 0, Map.of(), 1.2, 3, 6, 40, 40, 2);
        KvCorrectness ok = new KvCorrectness(50, 100, 0, 0, 0, 0, 10, List.of());
        return new Report("kv", "embedded cluster of 5 nodes", settings, "2026-12-05T04:06:05.355183317Z", 10.06, 250,
                250, 2515, 2515, 0, List.of(all), all,
                new Report.Divergence(1000, 0, 1000, 0, 0, 0, 1, 0, 0, 0),
                new Report.Sla(300, 99.9, 2515, 2515, 1, 40, true),
                new Report.CorrectnessVerdict(true, ok.summary(), ok),
                List.of(new FaultEvent("stop n3", 4000, 4001, 4100, null)), points, Map.of(), true);
    }

    private static String section(String html, String heading) {
        int start = html.indexOf("<h2>" + heading);
        return html.substring(start, html.indexOf("</svg>", start));
    }

    @Test
    void everySeriesInTheLatencyLegendIsDrawnTheMaxAsADotASecondOnTop() {
        String latency = section(HtmlReport.render(report(tenSeconds(), Map.of())), "Latency over time");
        assertThat(latency).contains("max (dots)");
        int group = latency.indexOf("<g class='max'");
        assertThat(group).as("the max is drawn").isPositive();
        assertThat(latency.indexOf("<title>p99.9</title>")).as("under it the p99.9 it equals").isLessThan(group);
        String dots = latency.substring(group, latency.indexOf("</g>", group));
        assertThat(dots.split("<circle", -1)).as("a dot for each of the 11 intervals").hasSize(12);
    }

    @Test
    void throughputTicksAreRoundAndTheRunsCutShortEndIsNoDip() {
        String throughput = section(HtmlReport.render(report(tenSeconds(), Map.of())), "Throughput per second");
        Matcher ticks = Pattern.compile("text-anchor='end' fill='#666'>([0-9.]+)</text>").matcher(throughput);
        List<String> labels = new ArrayList<>();
        while (ticks.find()) {
            labels.add(ticks.group(1));
        }
        assertThat(labels).containsExactly("0", "100", "200", "300");

        assertThat(HtmlReport.rates(tenSeconds())).as("the last 60 ms is too short for a rate").hasSize(10)
                .allSatisfy(r -> assertThat(r.ok()).isEqualTo(250));
        assertThat(HtmlReport.rates(List.of(new IntervalPoint(1, 100, 10, 1, 1, 1, 1), new IntervalPoint(1.5, 50, 0, 1, 1, 1, 1))))
                .as("a count over its interval's length").extracting(r -> r.ok()).containsExactly(90.0, 100.0);
        for (double max : new double[] {0.3, 7, 63, 188, 250, 1000, 4321}) {
            double step = HtmlReport.niceStep(max, 4);
            double mantissa = step / Math.pow(10, Math.floor(Math.log10(step)));
            assertThat(mantissa).as("step %s for %s", step, max).isIn(1.0, 2.0, 2.5, 5.0);
            assertThat(max / step).as("about four steps up to %s", max).isBetween(1.5, 4.0);
        }
    }

    @Test
    void theRunTableSaysWhenToTheSecondAndOnlyTheBoundTheRunHad() {
        assertThat(HtmlReport.when("2026-12-05T04:06:05.355183317Z")).isEqualTo("2026-12-05 04:06:05 UTC");
        assertThat(HtmlReport.render(report(tenSeconds(), Map.of()))).contains("started 2026-12-05 04:06:05 UTC")
                .doesNotContain("355183317");

        String run = HtmlReport.render(report(tenSeconds(), Map.of("duration_s", 30.0, "seed", 1L)));
        run = run.substring(run.indexOf("<h2>Run</h2>"));
        assertThat(run).contains("<td>duration_s</td><td>30.0</td>").contains("<td>seed</td><td>1</td>");
    }
}
