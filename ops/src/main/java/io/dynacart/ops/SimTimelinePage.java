package io.dynacart.ops;

import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.sim.Simulation;
import io.dynacart.store.sim.Timeline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run's timeline as one self-contained HTML page ({@code dynacart sim --html FILE}): no script, no
 * external asset, every text escaped. A lane per node (shaded while it is down, not yet joined or
 * gone), two lanes for the network (partitions, degraded links), the ring operator's steps, the
 * run's phases, and every operation on one key as a mark on the lane of the node it was sent to,
 * from when it was sent to when it was answered; then the same as a table.
 */
final class SimTimelinePage {

    private static final int LEFT = 90;
    private static final int PLOT = 1100;
    private static final int LANE = 30;
    private static final int TOP = 34;
    /** Share of the width the workload takes; the rest of the run (the end game: quiet, long) has the rest. */
    private static final double WORKLOAD_SHARE = 0.7;

    /** The page's parts: what run it is and how to replay it. */
    record Page(String title, String setup, Simulation.Result result, Timeline timeline, Key key, String replay) {
    }

    private final Page page;
    private final long end;
    private final long split;

    private SimTimelinePage(Page page) {
        this.page = page;
        Timeline t = page.timeline();
        long last = t.workloadEnd();
        for (Timeline.Event e : t.events()) {
            last = Math.max(last, e.atMillis());
        }
        for (Timeline.Operation op : t.operations(page.key())) {
            last = Math.max(last, Math.max(op.startedAt(), op.answeredAt()));
        }
        this.end = Math.max(1, last + Math.max(200, last / 50));
        long s = t.workloadEnd();
        this.split = s > 0 && s < end ? s : end;
    }

    static String render(Page page) {
        return new SimTimelinePage(page).html();
    }

    private String html() {
        Simulation.Result r = page.result();
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(esc(page.title())).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        h.append("<h1>").append(esc(page.title())).append(" <span class=\"").append(r.ok() ? "pass" : "fail").append("\">")
                .append(r.ok() ? "PASS" : "FAIL " + esc(r.firstViolated().orElseThrow())).append("</span></h1>\n");
        h.append("<p class=\"setup\">").append(esc(page.setup())).append("</p>\n");
        h.append("<p>").append(r.operations()).append(" operations, ").append(r.acknowledged())
                .append(" writes acknowledged, ").append(r.readsWithSiblings()).append(" reads saw siblings, ")
                .append(r.faults().faults().size()).append(" faults, ").append(SimReport.span(r.virtualMillis()))
                .append(" of virtual time.</p>\n<p>Replay it:</p>\n<pre>").append(esc(page.replay())).append("</pre>\n");
        h.append("<p class=\"faults\">Faults (times from the workload's start): <code>")
                .append(esc(r.faults().isEmpty() ? "none" : r.faults().text())).append("</code></p>\n");
        if (!r.ok()) {
            h.append("<div class=\"violations\"><h2>Violations</h2>\n");
            r.violations().forEach((law, list) -> {
                if (!list.isEmpty()) {
                    h.append("<h3>").append(esc(law)).append(" (").append(list.size()).append(")</h3>\n<ul>\n");
                    list.stream().limit(10).forEach(v -> h.append("<li>").append(esc(v)).append("</li>\n"));
                    h.append("</ul>\n");
                }
            });
            h.append("</div>\n");
        }
        h.append("<h2>Timeline: the cluster, and every operation on <code>").append(esc(page.key().toString()))
                .append("</code></h2>\n<p class=\"hint\">Virtual time; the workload takes the first 70% of the width, the")
                .append(" rest of the run the rest: in-flight requests ending, then the end game (every fault healed, every")
                .append(" node restarted, the cluster settling, the final reads). Hover a mark for its details.</p>\n");
        svg(h);
        legend(h);
        table(h);
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    /** The x of virtual time {@code t}: the workload on the first 70%, the rest of the run after. */
    private double x(long t) {
        if (split >= end) {
            return LEFT + PLOT * (double) t / end;
        }
        if (t <= split) {
            return LEFT + PLOT * WORKLOAD_SHARE * t / split;
        }
        return LEFT + PLOT * WORKLOAD_SHARE + PLOT * (1 - WORKLOAD_SHARE) * (t - split) / (end - split);
    }

    private void svg(StringBuilder h) {
        Timeline t = page.timeline();
        List<NodeId> nodes = t.nodes();
        List<String> lanes = new ArrayList<>(List.of("partitions", "links"));
        nodes.forEach(n -> lanes.add(n.value()));
        int height = TOP + lanes.size() * LANE + 30;
        h.append(String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"timeline\">\n", LEFT + PLOT + 20, height,
                LEFT + PLOT + 20, height));
        for (int i = 0; i < lanes.size(); i++) {
            int y = TOP + i * LANE;
            h.append(String.format(Locale.ROOT, "<rect class=\"lane%s\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>"
                    + "<text class=\"label\" x=\"%d\" y=\"%d\">%s</text>\n", i % 2 == 0 ? " even" : "", LEFT, y, PLOT,
                    LANE, LEFT - 8, y + LANE / 2 + 4, esc(lanes.get(i))));
        }
        axis(h, TOP + lanes.size() * LANE);
        intervals(h, nodes);
        for (Timeline.Event e : t.events()) {
            if (e.kind() == Timeline.Kind.PHASE) {
                double px = x(e.atMillis());
                h.append(String.format(Locale.ROOT, "<line class=\"phase\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\">"
                        + "<title>%s</title></line>\n", px, TOP - 6, px, TOP + lanes.size() * LANE,
                        esc(e.atMillis() + " ms: " + e.text())));
            } else if (e.kind() == Timeline.Kind.RING || e.kind() == Timeline.Kind.WIPE) {
                int lane = e.node() == null ? 0 : 2 + nodes.indexOf(e.node());
                double px = x(e.atMillis());
                double cy = TOP + lane * LANE + 7;
                String cls = e.kind() == Timeline.Kind.RING ? "ring" : "wipe";
                h.append(String.format(Locale.ROOT, "<path class=\"%s\" d=\"M%.1f %.1f l5 6 l-5 6 l-5 -6 z\"><title>%s"
                        + "</title></path>\n", cls, px, cy - 6, esc(e.atMillis() + " ms " + (e.node() == null ? ""
                        : e.node() + " ") + e.text())));
            }
        }
        for (Timeline.Operation op : t.operations(page.key())) {
            int lane = 2 + nodes.indexOf(op.via());
            double y = TOP + lane * LANE + LANE / 2.0 + 3;
            double x1 = x(op.startedAt());
            double x2 = x(op.answeredAt() < 0 ? op.startedAt() + Simulation.Config.TIMEOUT_MILLIS : op.answeredAt());
            String cls = op.answeredAt() < 0 ? "lost" : !op.ok() ? "failed" : switch (op.request()) {
                case PUT -> "put";
                case DELETE -> "delete";
                case GET -> "get";
                case FINAL_READ -> "final";
            };
            String tip = op.startedAt() + (op.answeredAt() < 0 ? "" : "-" + op.answeredAt()) + " ms, via " + op.via()
                    + ": " + op.asked() + " -> " + op.outcome();
            h.append(String.format(Locale.ROOT, "<g class=\"op %s\"><title>%s</title><line x1=\"%.1f\" y1=\"%.1f\""
                    + " x2=\"%.1f\" y2=\"%.1f\"/><circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\"/></g>\n", cls, esc(tip), x1, y,
                    Math.max(x2, x1 + 2), y, x1, y));
        }
        h.append("</svg>\n");
    }

    /** Shading: nodes down, not yet joined or gone; partitions and degraded links in force. */
    private void intervals(StringBuilder h, List<NodeId> nodes) {
        Timeline t = page.timeline();
        long close = t.endGameAt() > 0 ? t.endGameAt() : end;
        Map<NodeId, Long> downSince = new LinkedHashMap<>();
        Map<NodeId, String> downWhy = new LinkedHashMap<>();
        for (NodeId n : nodes) {
            if (!t.founders().contains(n)) {
                downSince.put(n, 0L); // a joiner: not a member until it starts
                downWhy.put(n, "not started yet");
            }
        }
        long partitionSince = -1;
        String partition = "";
        long linksSince = -1;
        String links = "";
        for (Timeline.Event e : t.events()) {
            long at = e.atMillis();
            if (partitionSince >= 0 && (e.kind() == Timeline.Kind.PARTITION || e.kind() == Timeline.Kind.HEAL
                    || at >= close && e.kind() == Timeline.Kind.PHASE)) {
                band(h, 0, partitionSince, at, "partition", partition);
                partitionSince = -1;
            }
            if (linksSince >= 0 && (e.kind() == Timeline.Kind.LINKS || e.kind() == Timeline.Kind.CLEAN_LINKS
                    || at >= close && e.kind() == Timeline.Kind.PHASE)) {
                band(h, 1, linksSince, at, "links", links);
                linksSince = -1;
            }
            switch (e.kind()) {
                case PARTITION -> {
                    partitionSince = at;
                    partition = e.text();
                }
                case LINKS -> {
                    linksSince = at;
                    links = e.text();
                }
                case DOWN -> {
                    downSince.putIfAbsent(e.node(), at);
                    downWhy.putIfAbsent(e.node(), e.text());
                }
                case UP, WIPE -> {
                    Long since = downSince.remove(e.node());
                    String why = downWhy.remove(e.node());
                    if (since != null) {
                        band(h, 2 + nodes.indexOf(e.node()), since, at, "down", e.node() + " " + why);
                    }
                }
                default -> {
                }
            }
        }
        if (partitionSince >= 0) {
            band(h, 0, partitionSince, end, "partition", partition);
        }
        if (linksSince >= 0) {
            band(h, 1, linksSince, end, "links", links);
        }
        downSince.forEach((n, since) -> band(h, 2 + nodes.indexOf(n), since, end, "down", n + " " + downWhy.get(n)));
    }

    private void band(StringBuilder h, int lane, long from, long to, String cls, String what) {
        double x1 = x(from);
        double x2 = Math.max(x(to), x1 + 2);
        h.append(String.format(Locale.ROOT, "<rect class=\"%s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\">"
                + "<title>%s</title></rect>\n", cls, x1, TOP + lane * LANE + 3, x2 - x1, LANE - 6,
                esc(from + "-" + to + " ms: " + what)));
        if (x2 - x1 > 60 && lane < 2) {
            h.append(String.format(Locale.ROOT, "<text class=\"bandtext\" x=\"%.1f\" y=\"%d\" textLength=\"%.1f\""
                    + " lengthAdjust=\"spacingAndGlyphs\">%s</text>\n", x1 + 4, TOP + lane * LANE + LANE / 2 + 4,
                    Math.min(x2 - x1 - 8, what.length() * 6.5), esc(what)));
        }
    }

    /** Time ticks: the run up to the end game in fine steps, the end game in coarse ones. */
    private void axis(StringBuilder h, int y) {
        h.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n", LEFT, y,
                LEFT + PLOT, y));
        List<Long> ticks = new ArrayList<>();
        long step = step(split, 12);
        for (long tick = 0; tick <= split; tick += step) {
            ticks.add(tick);
        }
        if (split < end) {
            long late = step(end - split, 4);
            for (long tick = (split / late + 1) * late; tick <= end; tick += late) {
                ticks.add(tick);
            }
        }
        double lastX = -100;
        for (long tick : ticks) {
            double px = x(tick);
            if (px - lastX < 40) {
                continue;
            }
            lastX = px;
            h.append(String.format(Locale.ROOT, "<line class=\"tick\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>"
                    + "<text class=\"ticklabel\" x=\"%.1f\" y=\"%d\">%s</text>\n", px, y, px, y + 5, px, y + 18,
                    esc(tickLabel(tick))));
        }
    }

    /** {@code 0}, {@code 200ms}, {@code 1.2s}, {@code 20s}. */
    private static String tickLabel(long millis) {
        return millis == 0 ? "0" : millis < 1000 ? millis + "ms" : SimReport.human(millis).replace(" ", "");
    }

    /** A round step (1, 2 or 5 times a power of ten, in ms) that cuts {@code span} into at most {@code most} ticks. */
    private static long step(long span, int most) {
        long step = 1;
        while (span / step > most) {
            long next = step * 2;
            if (span / next > most) {
                next = step * 5;
            }
            step = span / next > most ? step * 10 : next;
        }
        return step;
    }

    private static void legend(StringBuilder h) {
        h.append("<p class=\"legend\">")
                .append("<span class=\"sw put\"></span> put acknowledged ")
                .append("<span class=\"sw delete\"></span> delete acknowledged ")
                .append("<span class=\"sw get\"></span> get answered ")
                .append("<span class=\"sw final\"></span> final read ")
                .append("<span class=\"sw failed\"></span> failed or unanswered ")
                .append("<span class=\"sw down\"></span> node down (or not yet joined, or gone) ")
                .append("<span class=\"sw partition\"></span> partition ")
                .append("<span class=\"sw links\"></span> lossy, slow or duplicating links ")
                .append("<span class=\"sw ring\"></span> ring operator ")
                .append("<span class=\"sw wipe\"></span> disk wiped ")
                .append("<span class=\"sw phase\"></span> phase of the run</p>\n");
    }

    private void table(StringBuilder h) {
        h.append("<h2>Events and the operations on <code>").append(esc(page.key().toString())).append("</code></h2>\n")
                .append("<p class=\"hint\">Versions read <code>w17 @n2:4 {n1:3, n2:4}</code>: the value (each put writes")
                .append(" a unique one), the version's dot (the node that made it, its counter) and its clock.</p>\n")
                .append("<table>\n<thead><tr><th>ms</th><th>node</th><th>what</th></tr></thead>\n<tbody>\n");
        for (SimReport.Row row : SimReport.rows(page.timeline(), page.key())) {
            String cls;
            if (row.event() != null) {
                cls = "ev " + row.event().kind().name().toLowerCase(Locale.ROOT);
            } else {
                Timeline.Operation op = row.operation();
                cls = "opr" + (op.ok() ? "" : " bad");
            }
            h.append("<tr class=\"").append(cls).append("\"><td class=\"num\">").append(row.at()).append("</td><td>")
                    .append(esc(row.node())).append("</td><td>").append(esc(row.text())).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    /** {@code text} safe in HTML text and in a quoted attribute. */
    static String esc(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static final String CSS = """
            body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px; color: #1d2330; }
            h1 { font-size: 22px; margin: 0 0 6px; }
            h2 { font-size: 17px; margin: 22px 0 6px; }
            h3 { font-size: 14px; margin: 10px 0 2px; }
            pre { font: 12.5px ui-monospace, Menlo, Consolas, monospace; background: #f1f3f7; padding: 6px 8px;
                  overflow-x: auto; }
            code { font: 12.5px ui-monospace, Menlo, Consolas, monospace; background: #f1f3f7; padding: 1px 4px; }
            .pass { color: #1b7a2e; } .fail { color: #b3261e; }
            .setup, .hint { color: #4a5263; }
            .violations { border-left: 4px solid #b3261e; background: #fdf1f0; padding: 4px 14px; }
            .violations li { font: 12.5px ui-monospace, Menlo, Consolas, monospace; margin: 3px 0; }
            svg { display: block; margin: 6px 0; }
            svg .lane { fill: #ffffff; } svg .lane.even { fill: #f6f7fa; }
            svg .label { font-size: 12px; text-anchor: end; fill: #333; }
            svg .axis, svg .tick { stroke: #888; }
            svg .ticklabel { font-size: 11px; text-anchor: middle; fill: #555; }
            svg .phase { stroke: #7a8194; stroke-dasharray: 4 3; }
            svg .down { fill: #c9ccd3; }
            svg .partition { fill: #f7c58a; }
            svg .links { fill: #f3e38c; }
            svg .bandtext { font-size: 11px; fill: #4a3a10; pointer-events: none; }
            svg .ring { fill: #7b3fb5; } svg .wipe { fill: #b3261e; }
            svg .op line { stroke-width: 3; } svg .op circle { stroke-width: 1.5; }
            svg .put line, svg .put circle { stroke: #1b7a2e; fill: #1b7a2e; }
            svg .delete line, svg .delete circle { stroke: #5b2a86; fill: #5b2a86; }
            svg .get line, svg .get circle { stroke: #1f5fbf; fill: #1f5fbf; }
            svg .final line, svg .final circle { stroke: #1f5fbf; fill: #fff; }
            svg .failed line, svg .failed circle { stroke: #b3261e; fill: #b3261e; }
            svg .lost line, svg .lost circle { stroke: #b3261e; fill: #fff; stroke-dasharray: 3 2; }
            .legend { font-size: 12.5px; color: #333; }
            .sw { display: inline-block; width: 12px; height: 12px; margin: 0 3px 0 10px; vertical-align: -1px;
                  border-radius: 2px; }
            .sw.put { background: #1b7a2e; } .sw.delete { background: #5b2a86; } .sw.get { background: #1f5fbf; }
            .sw.final { background: #fff; border: 2px solid #1f5fbf; width: 8px; height: 8px; }
            .sw.failed { background: #b3261e; } .sw.down { background: #c9ccd3; }
            .sw.partition { background: #f7c58a; } .sw.links { background: #f3e38c; }
            .sw.ring { background: #7b3fb5; } .sw.wipe { background: #b3261e; transform: rotate(45deg); width: 9px;
                  height: 9px; } .sw.phase { border-left: 2px dashed #7a8194; width: 0; border-radius: 0; }
            table { border-collapse: collapse; font: 12.5px ui-monospace, Menlo, Consolas, monospace; }
            th, td { text-align: left; padding: 2px 10px 2px 0; vertical-align: top; border-bottom: 1px solid #eceef3; }
            td.num { text-align: right; }
            tr.ev td { color: #4a5263; } tr.ev.phase td { font-weight: 600; color: #1d2330; }
            tr.ev.down td, tr.ev.wipe td { color: #8a1c14; } tr.ev.partition td, tr.ev.links td { color: #7a4b00; }
            tr.ev.ring td { color: #5b2a86; } tr.opr.bad td { color: #b3261e; }
            """;
}
