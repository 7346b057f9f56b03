package io.dynacart.store.sim;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Dot;
import io.dynacart.store.versioning.VectorClock;
import io.dynacart.store.versioning.Versioned;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What happened in one run, in virtual time, for a person to read: the cluster's events (faults as
 * they struck, nodes going down and up, ring changes, the phases of the run) and every operation on
 * a key with what it sent and what came back (values, dots and clocks). {@code dynacart sim} prints
 * it for a violation and draws it as a page.
 *
 * <p>Versions are written {@code w17 @n2:4 {n1:3, n2:4}}: the value (each put writes a unique one,
 * {@code w} and the write's number; a delete leaves a {@code tombstone}), the version's dot (the
 * node that made it and its counter) and its clock.
 */
public final class Timeline {

    /** What kind of thing happened to the cluster or a node. */
    public enum Kind {
        /** A phase of the run: the workload's start and end, the end game, the judging. */
        PHASE,
        /** A node went down (a crash, an outage, a departure). */
        DOWN,
        /** A node came up (a restart, a joiner started). */
        UP,
        /** A node lost its disk and came up empty. */
        WIPE,
        /** The network split into groups. */
        PARTITION,
        /** Every partition ended. */
        HEAL,
        /** Links started to drop, duplicate or delay messages. */
        LINKS,
        /** Links are clean again. */
        CLEAN_LINKS,
        /** The operator's step of a join or a leave, or a ring switch. */
        RING
    }

    /**
     * One event, at virtual time {@code atMillis}.
     *
     * @param node the node it happened to, or null for the whole cluster
     */
    public record Event(long atMillis, NodeId node, Kind kind, String text) {
    }

    /** What a client asked. */
    public enum Request { PUT, DELETE, GET, FINAL_READ }

    /**
     * One client operation on a key: sent to {@code via} at {@code startedAt}, answered at
     * {@code answeredAt} (-1: never, its node went down first), successful or not.
     *
     * @param asked   what was sent, e.g. {@code put w17 with context {n1:3}}
     * @param outcome what came back, e.g. {@code acknowledged: w17 @n2:4 {n1:3, n2:4}}
     */
    public record Operation(Key key, Request request, NodeId via, long startedAt, long answeredAt, boolean ok,
                            String asked, String outcome) {

        /** Whether the operation wrote (a put or a delete). */
        public boolean isWrite() {
            return request == Request.PUT || request == Request.DELETE;
        }
    }

    /** Longest a failure's text is shown. */
    private static final int MAX_FAILURE_CHARS = 160;

    private final History history;
    private final RecordingStorage.VersionLog versions;
    private final List<Event> events;
    private final List<NodeId> founders;
    private final List<Operation> finalReads = new ArrayList<>();
    private List<Key> keys = List.of();
    private long workloadEnd;
    private long endGameAt = -1;

    Timeline(History history, RecordingStorage.VersionLog versions, List<Event> events, List<NodeId> founders) {
        this.history = history;
        this.versions = versions;
        this.events = events;
        this.founders = List.copyOf(founders);
    }

    void keys(List<Key> workloadKeys) {
        this.keys = List.copyOf(workloadKeys);
    }

    void workloadEnd(long at) {
        workloadEnd = at;
    }

    void endGame(long at) {
        endGameAt = at;
    }

    /** When the clients stopped sending requests (virtual ms). */
    public long workloadEnd() {
        return workloadEnd;
    }

    /** When the end game healed every fault and restarted every node (virtual ms); -1 if it never came. */
    public long endGameAt() {
        return endGameAt;
    }

    /** Notes a read of the end game or after it, through {@code via}. */
    void finalRead(Key key, NodeId via, long startedAt, long answeredAt, List<Versioned<Value>> siblings) {
        finalReads.add(new Operation(key, Request.FINAL_READ, via, startedAt, answeredAt, true, "get (final read)",
                siblings(key, siblings)));
    }

    /** The cluster's events in time order. */
    public List<Event> events() {
        return events.stream().sorted(Comparator.comparingLong(Event::atMillis)).toList();
    }

    /** The keys the clients used. */
    public List<Key> keys() {
        return keys;
    }

    /** The nodes the cluster began with. */
    public List<NodeId> founders() {
        return founders;
    }

    /** Every node that was a member at some time, in the order they came (n1, n2, ..., joiners). */
    public List<NodeId> nodes() {
        Set<NodeId> nodes = new LinkedHashSet<>(founders);
        events.stream().filter(e -> e.node() != null).forEach(e -> nodes.add(e.node()));
        history.writes.forEach(w -> {
            if (w.via != null) {
                nodes.add(w.via);
            }
        });
        history.readAttempts.forEach(r -> nodes.add(r.via));
        return nodes.stream().sorted(Comparator.comparingInt(id -> Integer.parseInt(id.value().substring(1)))).toList();
    }

    /** Every operation on {@code key}, in the order sent (workload, then the end game's reads). */
    public List<Operation> operations(Key key) {
        List<Operation> ops = new ArrayList<>();
        for (History.Write w : history.writes) {
            if (w.key.equals(key)) {
                ops.add(write(w));
            }
        }
        for (History.ReadAttempt r : history.readAttempts) {
            if (r.key.equals(key)) {
                ops.add(read(r));
            }
        }
        ops.sort(Comparator.comparingLong(Operation::startedAt));
        finalReads.stream().filter(r -> r.key().equals(key)).forEach(ops::add);
        return ops;
    }

    /** The first of the run's keys that {@code violation} names, if any: the key a timeline should follow. */
    public Optional<Key> keyIn(String violation) {
        return keys.stream()
                .filter(k -> Pattern.compile("(?<![\\w/])" + Pattern.quote(k.toString()) + "(?![\\w/])")
                        .matcher(violation).find())
                .findFirst();
    }

    private Operation write(History.Write w) {
        String asked = (w.delete ? "delete" : "put " + w.value())
                + (w.context.clock().isEmpty() ? " (blind)" : " with context " + clock(w.context.clock()));
        String outcome;
        if (w.acknowledged) {
            List<Dot> dots = versions.dotsOf(w, history);
            String made = versions.of(w.key).stream().filter(v -> dots.contains(v.dot())).map(this::version)
                    .collect(Collectors.joining(", "));
            outcome = "acknowledged: " + (made.isEmpty() ? "no node stored it" : made);
        } else if (w.answeredAt < 0) {
            outcome = "no answer (its node went down)";
        } else {
            outcome = "failed: " + shortened(w.failure);
        }
        return new Operation(w.key, w.delete ? Request.DELETE : Request.PUT, w.via, w.startedAt, w.answeredAt,
                w.acknowledged, asked, outcome);
    }

    private Operation read(History.ReadAttempt r) {
        boolean ok = r.answeredAt >= 0 && r.failure == null;
        String outcome = ok ? siblings(r.key, r.versions)
                : r.answeredAt < 0 ? "no answer (its node went down)" : "failed: " + shortened(r.failure);
        return new Operation(r.key, Request.GET, r.via, r.startedAt, r.answeredAt, ok, "get", outcome);
    }

    private String siblings(Key key, List<Versioned<Value>> siblings) {
        if (siblings.isEmpty()) {
            return "nothing";
        }
        return siblings.stream().map(this::version).collect(Collectors.joining(" | "))
                + (siblings.size() > 1 ? " (" + siblings.size() + " siblings)" : "");
    }

    /** {@code w17 @n2:4 {n1:3, n2:4}}, or {@code tombstone @...}. */
    private String version(Versioned<Value> v) {
        String value = v.value() instanceof Value.Bytes b ? new String(b.toByteArray(), StandardCharsets.UTF_8)
                : "tombstone";
        return value + " @" + v.dot().node() + ":" + v.dot().counter() + " " + clock(v.version().clock());
    }

    private static String clock(VectorClock clock) {
        return clock.entries().stream().map(e -> e.node() + ":" + e.counter())
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String shortened(String failure) {
        // An exception's class by its simple name: QuorumNotReachedException, not io.dynacart.store.api.Quorum...
        String text = failure == null ? "unknown" : failure.replaceAll("\\s+", " ")
                .replaceAll("\\b(?:[a-z][a-z0-9_]*\\.)+([A-Z]\\w*(?:Exception|Error))", "$1");
        return text.length() <= MAX_FAILURE_CHARS ? text : text.substring(0, MAX_FAILURE_CHARS - 3) + "...";
    }
}
