package io.dynacart.store.cluster;

import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.identity.Zone;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A list of faults in time order, read from text such as
 * {@code 20s:stop n3, 40s:restart n3, 60s:partition n1,n2|n3,n4,n5, 80s:heal}: what the load
 * generator's {@code --faults} takes, and what the simulator's planner writes (so a schedule seen in
 * one replays in the other, see {@link Cluster#apply}).
 *
 * <pre>
 *   schedule := entry ( "," entry )*          entries are split at a comma followed by a time
 *   entry    := time ":" action
 *   time     := number ( "ms" | "s" | "m" )    e.g. 1500ms, 20s, 1.5m
 *   action   := stop NODE | restart NODE | wipe NODE | join NODE | leave NODE | heal
 *             | partition NODE("," NODE)* ( "|" NODE("," NODE)* )+
 *             | lossy drop RATE duplicate RATE delay TIME        e.g. lossy drop 0.1 duplicate 0.05 delay 30ms
 *             | clean                                            ends lossy links
 *             | cut-replicas KEY                                 a key's N replicas against the rest
 *             | cut-zone ZONE                                    a zone's nodes against the rest
 * </pre>
 * Node names are {@code n} and a number; rates are in [0, 1]; a key is letters, digits and
 * {@code _.:/-}; a zone is named as a node id may be ({@link Zone}). A parse error names the bad
 * token and its column.
 */
public record FaultSchedule(List<ScheduledFault> faults) {

    public static final FaultSchedule NONE = new FaultSchedule(List.of());

    private static final Pattern ENTRY_START = Pattern.compile(",(?=\\s*\\d+(?:\\.\\d+)?\\s*(?:ms|s|m)\\s*:)");
    private static final Pattern TIME = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m)");
    private static final Pattern NODE = Pattern.compile("n[1-9][0-9]{0,3}");
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.:/-]{1,200}");
    private static final Pattern RATE = Pattern.compile("(?:0|1)(?:\\.\\d+)?|\\.\\d+");
    private static final String LOSSY = "lossy takes drop RATE duplicate RATE delay TIME, e.g. lossy drop 0.1 duplicate 0.05 delay 30ms";

    public FaultSchedule {
        faults = faults.stream().sorted(Comparator.comparing(ScheduledFault::at)).toList();
    }

    public boolean isEmpty() {
        return faults.isEmpty();
    }

    /** The schedule written back in its own syntax. */
    public String text() {
        return String.join(", ", faults.stream().map(ScheduledFault::text).toList());
    }

    /**
     * Parses {@code text}; blank text is the empty schedule.
     *
     * @throws FaultSyntaxException naming the first bad token and its position
     */
    public static FaultSchedule parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        List<ScheduledFault> out = new ArrayList<>();
        int start = 0;
        Matcher m = ENTRY_START.matcher(text);
        while (true) {
            boolean more = m.find();
            int end = more ? m.start() : text.length();
            out.add(entry(text, start, end));
            if (!more) {
                break;
            }
            start = m.end();
        }
        return new FaultSchedule(out);
    }

    private static ScheduledFault entry(String text, int from, int to) {
        Span whole = Span.of(text, from, to);
        if (whole.value().isEmpty()) {
            throw new FaultSyntaxException("empty fault entry", text.substring(from, to), from + 1);
        }
        int colon = whole.value().indexOf(':');
        if (colon < 0) {
            throw new FaultSyntaxException("a fault is TIME:ACTION, e.g. 20s:stop n3; no ':' in", whole.value(), whole.column());
        }
        Span time = Span.of(text, whole.start(), whole.start() + colon);
        Span action = Span.of(text, whole.start() + colon + 1, whole.end());
        return new ScheduledFault(time(time), action(text, action));
    }

    /** The schedule's entries in its own syntax, one per line (the simulator's report lists them so). */
    public List<String> lines() {
        return faults.stream().map(ScheduledFault::text).toList();
    }

    private static Duration time(Span span) {
        Matcher m = TIME.matcher(span.value());
        if (!m.matches()) {
            throw new FaultSyntaxException("a time is a number with ms, s or m, e.g. 20s", span.value(), span.column());
        }
        double amount = Double.parseDouble(m.group(1));
        double millis = switch (m.group(2)) {
            case "ms" -> amount;
            case "s" -> amount * 1_000;
            default -> amount * 60_000;
        };
        return Duration.ofMillis(Math.round(millis));
    }

    private static FaultAction action(String text, Span span) {
        String value = span.value();
        int space = value.indexOf(' ');
        String verb = space < 0 ? value : value.substring(0, space);
        Span args = space < 0 ? Span.of(text, span.end(), span.end())
                : Span.of(text, span.start() + space + 1, span.end());
        switch (verb) {
            case "heal":
                if (!args.value().isEmpty()) {
                    throw new FaultSyntaxException("heal takes no argument", args.value(), args.column());
                }
                return new FaultAction.Heal();
            case "stop":
                return new FaultAction.Stop(node(args, verb));
            case "restart":
            case "start":
                return new FaultAction.Restart(node(args, verb));
            case "wipe":
                return new FaultAction.Wipe(node(args, verb));
            case "join":
                return new FaultAction.Join(node(args, verb));
            case "leave":
                return new FaultAction.Leave(node(args, verb));
            case "partition":
                return partition(text, args);
            case "lossy":
                return lossy(text, args);
            case "clean":
                if (!args.value().isEmpty()) {
                    throw new FaultSyntaxException("clean takes no argument", args.value(), args.column());
                }
                return new FaultAction.CleanLinks();
            case "cut-replicas":
                if (!KEY.matcher(args.value()).matches()) {
                    throw new FaultSyntaxException("cut-replicas needs a key of letters, digits and _.:/-, e.g. cut-replicas k7",
                            args.value().isEmpty() ? verb : args.value(), args.column());
                }
                return new FaultAction.CutOffReplicas(Key.of(args.value()));
            case "cut-zone":
                if (args.value().isEmpty() || Zone.problemWith(args.value()) != null) {
                    throw new FaultSyntaxException("cut-zone needs a zone of letters, digits and ._-, e.g. cut-zone eu-west",
                            args.value().isEmpty() ? verb : args.value(), args.column());
                }
                return new FaultAction.CutZone(Zone.of(args.value()));
            default:
                throw new FaultSyntaxException("unknown fault action (stop, restart, wipe, partition, heal, join, leave, "
                        + "lossy, clean, cut-replicas, cut-zone)",
                        verb.isEmpty() ? value : verb, span.column());
        }
    }

    private static NodeId node(Span args, String verb) {
        if (args.value().isEmpty()) {
            throw new FaultSyntaxException(verb + " needs a node, e.g. " + verb + " n3", verb, args.column());
        }
        if (!NODE.matcher(args.value()).matches()) {
            throw new FaultSyntaxException("a node is n and a number, e.g. n3", args.value(), args.column());
        }
        return NodeId.of(args.value());
    }

    private static FaultAction partition(String text, Span args) {
        if (args.value().isEmpty()) {
            throw new FaultSyntaxException("partition needs groups, e.g. partition n1,n2|n3,n4,n5", "partition", args.column());
        }
        List<Set<NodeId>> groups = new ArrayList<>();
        Set<NodeId> seen = new LinkedHashSet<>();
        int pos = args.start();
        for (String group : args.value().split("\\|", -1)) {
            Set<NodeId> nodes = new LinkedHashSet<>();
            int p = pos;
            for (String name : group.split(",", -1)) {
                Span n = Span.of(text, p, p + name.length());
                if (!NODE.matcher(n.value()).matches()) {
                    throw new FaultSyntaxException("a partition group lists nodes like n1,n2", n.value().isEmpty()
                            ? "|" : n.value(), n.column());
                }
                NodeId id = NodeId.of(n.value());
                if (!seen.add(id)) {
                    throw new FaultSyntaxException("a node may be in one partition group only", n.value(), n.column());
                }
                nodes.add(id);
                p += name.length() + 1;
            }
            groups.add(nodes);
            pos += group.length() + 1;
        }
        if (groups.size() < 2) {
            throw new FaultSyntaxException("a partition needs at least two groups separated by |", args.value(), args.column());
        }
        return new FaultAction.Partition(groups);
    }

    private static FaultAction lossy(String text, Span args) {
        String[] words = args.value().split("\\s+", -1);
        if (words.length != 6 || !words[0].equals("drop") || !words[2].equals("duplicate") || !words[4].equals("delay")) {
            throw new FaultSyntaxException(LOSSY, args.value().isEmpty() ? "lossy" : args.value(), args.column());
        }
        int at = args.start() + args.value().indexOf(words[1]);
        double drop = rate(words[1], at);
        double duplicate = rate(words[3], args.start() + args.value().indexOf(words[3], at - args.start() + words[1].length()));
        int delayAt = args.start() + args.value().lastIndexOf(words[5]);
        Duration delay = time(Span.of(text, delayAt, delayAt + words[5].length()));
        return new FaultAction.LossyLinks(drop, duplicate, delay.toMillis());
    }

    private static double rate(String word, int at) {
        if (!RATE.matcher(word).matches() || Double.parseDouble(word) > 1) {
            throw new FaultSyntaxException("a rate is a number from 0 to 1, e.g. 0.05", word, at + 1);
        }
        return Double.parseDouble(word);
    }

    /** A stretch of the schedule's text, trimmed, with where it starts. */
    private record Span(String value, int start, int end) {
        static Span of(String text, int from, int to) {
            int s = from;
            int e = to;
            while (s < e && Character.isWhitespace(text.charAt(s))) {
                s++;
            }
            while (e > s && Character.isWhitespace(text.charAt(e - 1))) {
                e--;
            }
            return new Span(text.substring(s, e), s, e);
        }

        int column() {
            return start + 1;
        }
    }
}
