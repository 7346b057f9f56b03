package io.dynacart.ops;

import io.dynacart.store.identity.Key;
import io.dynacart.store.sim.FaultMix;
import io.dynacart.store.sim.Shrinker;
import io.dynacart.store.sim.Simulation;
import io.dynacart.store.sim.Timeline;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The text {@code dynacart sim} prints: what it checks, a verdict per schedule, the summary, a timeline. */
final class SimReport {

    /** Longest a violation's text is printed; the page ({@code --html}) has them whole. */
    static final int MAX_VIOLATION_CHARS = 400;

    /** Most lines of a timeline printed; beyond, its start and end, and a pointer to {@code --html}. */
    static final int MAX_TIMELINE_LINES = 300;

    private SimReport() {
    }

    /** What runs, in a sentence or two, and the invariants judged after each schedule. */
    static List<String> header(SimSweepConfig sweep, boolean seedGiven) {
        Simulation.Config c = sweep.simulation();
        List<String> lines = new ArrayList<>();
        long last = sweep.firstSeed() + sweep.schedules() - 1;
        lines.add(String.format(Locale.ROOT, "Simulating %d schedule%s, seed%s %s%s.", sweep.schedules(),
                sweep.schedules() == 1 ? "" : "s", sweep.schedules() == 1 ? "" : "s",
                sweep.schedules() == 1 ? Long.toString(sweep.firstSeed()) : sweep.firstSeed() + ".." + last,
                seedGiven ? "" : " (drawn at random; --seed " + sweep.firstSeed() + " runs them again)"));
        lines.add("Each: " + setup(sweep) + "; " + sweep.threads() + (sweep.threads() == 1 ? " schedule at a time."
                : " schedules at once."));
        lines.add("Clients read, write and delete colliding keys while the faults strike; then every fault heals, every"
                + " node restarts, the cluster settles, and these invariants are judged:");
        Map<String, String> laws = Simulation.LAWS;
        int width = laws.keySet().stream().mapToInt(String::length).max().orElse(0);
        boolean zoned = sweep.simulation().zones() > 1;
        laws.forEach((law, meaning) -> {
            if ((sweep.namespaces() || !Simulation.NAMESPACE_LAWS.contains(law))
                    && (zoned || !Simulation.ZONE_LAWS.contains(law))) {
                lines.add(String.format(Locale.ROOT, "  %-" + width + "s  %s", law, meaning));
            }
        });
        if (!zoned) {
            lines.add("  With --zones also " + String.join(", ", Simulation.ZONE_LAWS) + ".");
        }
        if (!sweep.namespaces()) {
            lines.add("  With --namespaces also " + String.join(", ", Simulation.NAMESPACE_LAWS) + ".");
        }
        return lines;
    }

    /** The cluster, clients and faults of every schedule, as a phrase. */
    static String setup(SimSweepConfig sweep) {
        Simulation.Config c = sweep.simulation();
        String faults;
        if (sweep.faults().isPresent()) {
            faults = sweep.faults().get().isEmpty() ? "no faults" : "the faults " + sweep.faults().get().text();
        } else if (c.faultMix().isStandard()) {
            faults = c.faults() + " faults from the standard mix (crashes, restarts, partitions, heals, lossy"
                    + " and clean links, cut-off replicas; a join, a leave, a wipe in 1 run in 4, a long outage in 1 in 5)";
        } else {
            faults = c.faults() + " faults drawn from " + c.faultMix().text();
        }
        return c.nodes() + " nodes" + (c.zones() > 1 ? " in " + c.zones() + " zones" : "") + ", " + c.clients()
                + (c.clients() == 1 ? " client on " : " clients on ") + c.keys() + (c.keys() == 1 ? " key" : " keys") + (sweep.namespaces() ? " in each of " + (c.namespaces().checked().size() + 1) + " namespaces" : "")
                + " for " + human(c.workloadMillis()) + " of virtual time, " + faults;
    }

    /** Every fault kind {@code --faults} takes, with its meaning, one per line. */
    static List<String> faultKinds() {
        int width = 0;
        for (FaultMix.Kind k : FaultMix.Kind.values()) {
            width = Math.max(width, k.text().length());
        }
        List<String> lines = new ArrayList<>();
        for (FaultMix.Kind k : FaultMix.Kind.values()) {
            lines.add(String.format(Locale.ROOT, "  %-" + width + "s  %s", k.text(), k.meaning()));
        }
        return lines;
    }

    /** One schedule's verdict: seed, operations, faults, acknowledged writes, reads with siblings, PASS or FAIL. */
    static String verdict(Simulation.Result r, int seedWidth) {
        String head = String.format(Locale.ROOT, "seed %-" + seedWidth + "d  ops %5d  faults %2d  acked %5d  siblings %4d  ",
                r.seed(),
                r.operations(), r.faults().faults().size(), r.acknowledged(), r.readsWithSiblings());
        if (r.ok()) {
            return head + "PASS";
        }
        String law = r.firstViolated().orElseThrow();
        int n = r.violations().get(law).size();
        long others = r.violations().values().stream().filter(v -> !v.isEmpty()).count() - 1;
        return head + "FAIL " + law + " (" + n + " violation" + (n == 1 ? "" : "s") + ")"
                + (others > 0 ? ", and " + others + " more law" + (others == 1 ? "" : "s") + " broken" : "");
    }

    /** The violations of the first law {@code r} broke. */
    static List<String> violations(Simulation.Result r) {
        return r.firstViolated().map(law -> r.violations().get(law)).orElse(List.of());
    }

    /** The first violation of each broken law, cut to a readable length, indented under a verdict. */
    static List<String> firstViolations(Simulation.Result r) {
        List<String> lines = new ArrayList<>();
        r.violations().forEach((law, list) -> {
            if (!list.isEmpty()) {
                lines.add("    " + law + ": " + shortened(list.get(0)));
            }
        });
        return lines;
    }

    static String shortened(String text) {
        return text.length() <= MAX_VIOLATION_CHARS ? text : text.substring(0, MAX_VIOLATION_CHARS - 3) + "...";
    }

    /** What the shrinker found, against the run it started from. */
    static List<String> shrunk(Simulation.Result original, Simulation.Config from, Shrinker.Shrunk s, String replay) {
        Simulation.Config to = s.smallest().config();
        Simulation.Result r = s.result();
        List<String> lines = new ArrayList<>();
        lines.add("Smallest failing run found (" + s.runs() + " runs tried): still " + s.law() + ".");
        lines.add(String.format(Locale.ROOT, "  operations %d -> %d, faults %d -> %d, workload %s -> %s, clients %d -> %d,"
                        + " keys %d -> %d", original.operations(), r.operations(), original.faults().faults().size(),
                r.faults().faults().size(), human(from.workloadMillis()), human(to.workloadMillis()), from.clients(),
                to.clients(), from.keys(), to.keys()));
        lines.add("  faults: " + (r.faults().isEmpty() ? "none" : r.faults().text()));
        lines.add("  " + s.law() + ": " + shortened(r.violations().get(s.law()).get(0)));
        lines.add("  replay: " + replay);
        return lines;
    }

    /**
     * The timeline as lines: the cluster's events and every operation on {@code key}, in virtual time;
     * past {@link #MAX_TIMELINE_LINES}, its start and end.
     */
    static List<String> timeline(Timeline t, Key key) {
        List<Row> rows = rows(t, key);
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "  %8s  %-5s %s", "ms", "node", "what"));
        List<String> body = new ArrayList<>();
        for (Row row : rows) {
            body.add(String.format(Locale.ROOT, "  %8d  %-5s %s", row.at(), row.node(), row.text()));
        }
        if (body.size() > MAX_TIMELINE_LINES) {
            int half = MAX_TIMELINE_LINES / 2;
            lines.addAll(body.subList(0, half));
            lines.add("  ... " + (body.size() - 2 * half) + " lines left out (--html FILE draws the whole run) ...");
            lines.addAll(body.subList(body.size() - half, body.size()));
        } else {
            lines.addAll(body);
        }
        return lines;
    }

    /** One line of a timeline: when (virtual ms), which node ("-": the cluster), what. */
    record Row(long at, String node, String text, Timeline.Operation operation, Timeline.Event event) {
    }

    /** The events and the operations on {@code key}, merged in time order (an event first at a tie). */
    static List<Row> rows(Timeline t, Key key) {
        List<Row> rows = new ArrayList<>();
        for (Timeline.Event e : t.events()) {
            rows.add(new Row(e.atMillis(), e.node() == null ? "-" : e.node().value(), e.text(), null, e));
        }
        for (Timeline.Operation op : t.operations(key)) {
            String took = op.answeredAt() < 0 ? "" : " (" + (op.answeredAt() - op.startedAt()) + " ms)";
            rows.add(new Row(op.startedAt(), op.via().value(), op.asked() + " -> " + op.outcome() + took, op, null));
        }
        rows.sort(Comparator.comparingLong(Row::at).thenComparing(r -> r.event() == null));
        return rows;
    }

    /** A virtual or wall time: {@code 750ms}, {@code 8s}, {@code 1.5s}; what {@code --workload} reads back. */
    static String duration(long millis) {
        if (millis % 1000 != 0) {
            return millis + "ms";
        }
        return millis / 1000 + "s";
    }

    /** A short virtual time for a person: {@code 500 ms}, {@code 8 s}, {@code 1.5 s}. */
    static String human(long millis) {
        return millis < 1000 ? millis + " ms" : String.format(Locale.ROOT, "%s s",
                new BigDecimal(millis).movePointLeft(3).stripTrailingZeros().toPlainString());
    }

    /** A long span for a person: {@code 42 s}, {@code 12 min 5 s}, {@code 3 h 20 min}. */
    static String span(long millis) {
        long s = millis / 1000;
        if (s < 60) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        if (s < 3600) {
            return s / 60 + " min " + s % 60 + " s";
        }
        return s / 3600 + " h " + s % 3600 / 60 + " min";
    }

    /** {@code 12,345}. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
