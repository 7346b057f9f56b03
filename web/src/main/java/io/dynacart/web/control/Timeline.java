package io.dynacart.web.control;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The cluster's story for the cluster page's charts: every control action with the time it took
 * effect (stop, restart, wipe, partition, heal, join, leave, zone cut, and a ring change coming into
 * force), and a sample a second of the hints the nodes hold and the partitions a join or leave still
 * has to move. Thread-safe; bounded to the last {@value #HISTORY_SECONDS} seconds of samples and the
 * last {@value #MAX_EVENTS} events.
 */
public final class Timeline {

    /** As long as the charts' history. */
    public static final int HISTORY_SECONDS = 120;
    static final int MAX_EVENTS = 200;

    /**
     * One action.
     *
     * @param millis when it took effect (epoch milliseconds)
     * @param kind   {@code stop}, {@code restart}, {@code wipe}, {@code partition}, {@code heal},
     *               {@code join}, {@code leave}, {@code cut-zone}, or {@code ring} (a join or leave in force)
     * @param text   what the page labels it with, e.g. {@code stop n3}
     */
    public record Event(long millis, String kind, String text) {
    }

    /**
     * The charts' view: the events, and the samples as columns (the shape uPlot takes).
     *
     * @param time      epoch seconds of the samples
     * @param hints     hints held by the running nodes, all together
     * @param transfers partitions still to pull (pending and in flight) for a join or leave
     */
    public record Snapshot(List<Event> events, long[] time, long[] hints, long[] transfers) {

        public Snapshot {
            events = List.copyOf(events);
        }
    }

    private record Sample(long second, long hints, long transfers) {
    }

    private final Deque<Event> events = new ArrayDeque<>();
    private final Deque<Sample> samples = new ArrayDeque<>();

    /** Records an action that took effect at {@code millis}. */
    public synchronized void note(long millis, String kind, String text) {
        events.addLast(new Event(millis, kind, text));
        while (events.size() > MAX_EVENTS) {
            events.removeFirst();
        }
    }

    /** Records the second that ended at {@code epochSecond}. */
    public synchronized void sample(long epochSecond, long hints, long transfers) {
        samples.addLast(new Sample(epochSecond, hints, transfers));
        while (samples.size() > HISTORY_SECONDS) {
            samples.removeFirst();
        }
    }

    public synchronized Snapshot snapshot() {
        int n = samples.size();
        long[] time = new long[n];
        long[] hints = new long[n];
        long[] transfers = new long[n];
        int i = 0;
        for (Sample s : samples) {
            time[i] = s.second();
            hints[i] = s.hints();
            transfers[i] = s.transfers();
            i++;
        }
        return new Snapshot(new ArrayList<>(events), time, hints, transfers);
    }
}
