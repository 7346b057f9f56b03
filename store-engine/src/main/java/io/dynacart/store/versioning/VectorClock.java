package io.dynacart.store.versioning;

import io.dynacart.store.identity.NodeId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * An immutable vector clock: for each node that coordinated a write, the number of its writes seen
 * and when the newest of them was made (paper, section 4.4).
 *
 * <p>Entries are kept sorted by node id, one per node, counters &ge; 1, so that equal clocks are
 * equal records and the binary form is canonical.
 *
 * <h2>Truncation, and what it can cause</h2>
 * When a clock holds more than a threshold of entries (default {@value #DEFAULT_MAX_ENTRIES}), the
 * entries with the oldest timestamps are dropped, as in the paper. A truncated clock claims to have
 * seen less than it did, which can go wrong in two ways:
 * <ol>
 *   <li><b>Spurious conflict.</b> A descendant that lost an entry its ancestor still has no longer
 *       compares {@code AFTER} it but {@link Causality#CONCURRENT}: both are kept and handed to the
 *       client, which merges them. Annoying, never lossy.
 *   <li><b>A version wrongly taken for an ancestor.</b> A clock that was {@code CONCURRENT} with
 *       another only through the entry truncation dropped now compares {@code BEFORE} it, and
 *       reconciliation discards it: a write is lost. The same happens when a node whose entry was
 *       dropped everywhere restarts its counter and reissues a counter that an older clock still
 *       holds.
 * </ol>
 * Both are shown in {@code VectorClockTruncationTest}.
 *
 * <p>Why the second stays out of reach in DynaCart: only the coordinators of a key's writes get
 * entries. A put is coordinated by one of the first N nodes of the key's preference list (default
 * N = 3), or, when a partition cuts a client off from all of them, by a fallback under a name of its
 * own that changes with each spell of fallback writes (see {@code coordinator.FallbackActor}). A
 * key's clock therefore names its N replicas, the few nodes that held its partition across
 * membership changes, and one entry per fallback spell it lived through; below the threshold nothing
 * is ever dropped. Even past it, the entry dropped is the oldest, that of a writer that has not
 * written the key for the longest time, and a fallback name is never reused once retired.
 *
 * <p>Why {@value #DEFAULT_MAX_ENTRIES} and not the paper's 10: fallback names add entries that the
 * paper's coordinators (always replicas) did not; Riak, whose fallback vnodes name their writes the
 * same way, keeps 50 (its {@code small_vclock}). A context holds at most {@code Context.MAX_ENTRIES}
 * (32), so a version's past stays within what a client can send back.
 */
public record VectorClock(List<Entry> entries) {

    /** Entries kept by {@link #increment(NodeId, long)} and by new versions unless configured otherwise. */
    public static final int DEFAULT_MAX_ENTRIES = 24;

    /** The clock of a key nobody has written: before every other clock. */
    public static final VectorClock EMPTY = new VectorClock(List.of());

    /**
     * One node's entry: how many of its writes the clock has seen and when it made the newest (ms),
     * both within the {@link ClockLimits}.
     */
    public record Entry(NodeId node, long counter, long timestampMillis) {
        public Entry {
            Objects.requireNonNull(node, "node");
            if (counter < 1 || counter > ClockLimits.MAX_COUNTER) {
                throw new IllegalArgumentException("counter of " + node + " must be 1 to 2^62, was " + counter);
            }
            if (timestampMillis < 0 || timestampMillis > ClockLimits.MAX_TIMESTAMP_MILLIS) {
                throw new IllegalArgumentException("timestamp of " + node + " must be 0 to the end of the year 9999, was "
                        + timestampMillis);
            }
        }

        @Override
        public String toString() {
            return "[" + node + "," + counter + "]";
        }
    }

    public VectorClock {
        entries = List.copyOf(entries);
        for (int i = 1; i < entries.size(); i++) {
            if (entries.get(i - 1).node().compareTo(entries.get(i).node()) >= 0) {
                throw new IllegalArgumentException("clock entries must be sorted by node id with no repeats: " + entries);
            }
        }
    }

    /** A clock from entries in any order; a node may appear once. */
    public static VectorClock of(Entry... entries) {
        List<Entry> sorted = new ArrayList<>(List.of(entries));
        sorted.sort(Comparator.comparing(Entry::node));
        return new VectorClock(sorted);
    }

    public int size() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The counter for {@code node}, 0 when the clock has no entry for it. */
    public long counter(NodeId node) {
        Entry e = entry(node);
        return e == null ? 0 : e.counter();
    }

    /** Whether the event {@code dot} is in this clock's past. */
    public boolean covers(Dot dot) {
        return counter(dot.node()) >= dot.counter();
    }

    /** How this clock relates to {@code other}: BEFORE when every counter is &le; and one is &lt;. */
    public Causality compare(VectorClock other) {
        boolean thisBigger = false;
        boolean otherBigger = false;
        int i = 0;
        int j = 0;
        List<Entry> a = entries;
        List<Entry> b = other.entries;
        while (i < a.size() || j < b.size()) {
            int order = i == a.size() ? 1 : j == b.size() ? -1 : a.get(i).node().compareTo(b.get(j).node());
            if (order < 0) {
                thisBigger = true;
                i++;
            } else if (order > 0) {
                otherBigger = true;
                j++;
            } else {
                long ca = a.get(i++).counter();
                long cb = b.get(j++).counter();
                thisBigger |= ca > cb;
                otherBigger |= cb > ca;
            }
        }
        if (thisBigger && otherBigger) {
            return Causality.CONCURRENT;
        }
        return thisBigger ? Causality.AFTER : otherBigger ? Causality.BEFORE : Causality.EQUAL;
    }

    /**
     * The least clock that both this and {@code other} happened before or equal: the larger counter
     * per node, with that counter's timestamp (the later one on a tie).
     */
    public VectorClock merge(VectorClock other) {
        if (other.entries.isEmpty()) {
            return this;
        }
        if (entries.isEmpty()) {
            return other;
        }
        List<Entry> merged = new ArrayList<>(entries.size() + other.entries.size());
        int i = 0;
        int j = 0;
        while (i < entries.size() || j < other.entries.size()) {
            int order = i == entries.size() ? 1
                    : j == other.entries.size() ? -1
                    : entries.get(i).node().compareTo(other.entries.get(j).node());
            if (order < 0) {
                merged.add(entries.get(i++));
            } else if (order > 0) {
                merged.add(other.entries.get(j++));
            } else {
                merged.add(later(entries.get(i++), other.entries.get(j++)));
            }
        }
        return new VectorClock(merged);
    }

    private static Entry later(Entry a, Entry b) {
        if (a.counter() != b.counter()) {
            return a.counter() > b.counter() ? a : b;
        }
        return a.timestampMillis() >= b.timestampMillis() ? a : b;
    }

    /** This clock after one more write coordinated by {@code node}, truncated to the default size. */
    public VectorClock increment(NodeId node, long nowMillis) {
        return increment(node, nowMillis, DEFAULT_MAX_ENTRIES);
    }

    /**
     * This clock after one more write coordinated by {@code node}, truncated to {@code maxEntries}.
     *
     * @throws ClockLimitException if the counter of {@code node} is already at {@link ClockLimits#MAX_COUNTER}
     */
    public VectorClock increment(NodeId node, long nowMillis, int maxEntries) {
        return with(new Entry(node, ClockLimits.next(node, counter(node)), nowMillis)).truncate(maxEntries, node);
    }

    /** This clock with {@code entry} in place of the entry for its node. */
    VectorClock with(Entry entry) {
        List<Entry> out = new ArrayList<>(entries.size() + 1);
        boolean placed = false;
        for (Entry e : entries) {
            int order = e.node().compareTo(entry.node());
            if (order == 0) {
                continue;
            }
            if (order > 0 && !placed) {
                out.add(entry);
                placed = true;
            }
            out.add(e);
        }
        if (!placed) {
            out.add(entry);
        }
        return new VectorClock(out);
    }

    /**
     * Drops the entries with the oldest timestamps (ties: the smaller node id) until at most
     * {@code maxEntries} remain. The entry of {@code keep}, when present, is never dropped: it is the
     * write being made. See the class comment for what truncation can cause.
     */
    public VectorClock truncate(int maxEntries, NodeId keep) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("a clock must be allowed at least 1 entry, was " + maxEntries);
        }
        if (entries.size() <= maxEntries) {
            return this;
        }
        List<Entry> byAge = new ArrayList<>(entries);
        byAge.sort(Comparator.comparingLong(Entry::timestampMillis).thenComparing(Entry::node));
        List<Entry> dropped = new ArrayList<>();
        for (Entry e : byAge) {
            if (entries.size() - dropped.size() <= maxEntries) {
                break;
            }
            if (!e.node().equals(keep)) {
                dropped.add(e);
            }
        }
        List<Entry> kept = new ArrayList<>(entries);
        kept.removeAll(dropped);
        return new VectorClock(kept);
    }

    /** Truncation with no entry protected. */
    public VectorClock truncate(int maxEntries) {
        return truncate(maxEntries, null);
    }

    private Entry entry(NodeId node) {
        for (Entry e : entries) {
            if (e.node().equals(node)) {
                return e;
            }
        }
        return null;
    }

    /** The paper's notation: {@code ([Sx,2],[Sy,1])}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < entries.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(entries.get(i));
        }
        return sb.append(')').toString();
    }
}
