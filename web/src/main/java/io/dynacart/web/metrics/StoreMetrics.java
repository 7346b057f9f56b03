package io.dynacart.web.metrics;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.MeteredKvStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the cluster page charts: per operation, throughput and p50/p99/p99.9 latency for each of the
 * last {@value #HISTORY_SECONDS} seconds; and how many reads saw 1, 2, 3 or 4+ versions (the paper's
 * divergence figure, section 6.3: 99.94% of its reads saw one version), each second, over the last
 * {@value #DIVERGENCE_WINDOW_SECONDS} seconds and since the start. The window is what the page shows:
 * a share since the start would still carry a fault of long ago.
 *
 * <p>Fed as the {@link MeteredKvStore.Meter} of the demo's stores (latency in µs from the call to the
 * completion of its future; failures counted apart). Recording is thread-safe and lock-free;
 * {@link #tick} is called once a second by one thread.
 */
public final class StoreMetrics implements MeteredKvStore.Meter {

    public static final int HISTORY_SECONDS = 120;
    /** The divergence panel's window: the last minute. */
    public static final int DIVERGENCE_WINDOW_SECONDS = 60;

    private final Map<Operation, OperationMeter> meters = new EnumMap<>(Operation.class);
    /** The second under way. Index 0: reads that found nothing; 1..3: that many versions; 4: four or more. */
    private final AtomicLongArray versionsSeen = new AtomicLongArray(5);
    /** Every closed second since the start, by the same index; guarded by {@link #history}. */
    private final long[] versionsSinceStart = new long[5];
    private final Deque<Point> history = new ArrayDeque<>();

    public StoreMetrics() {
        for (Operation op : Operation.values()) {
            meters.put(op, new OperationMeter());
        }
    }

    @Override
    public void completed(MeteredKvStore.Op op, long nanos, Throwable error) {
        Operation operation = Operation.valueOf(op.name());
        if (error == null) {
            recordLatency(operation, nanos / 1000);
        } else {
            recordFailure(operation);
        }
    }

    @Override
    public void read(GetResult result) {
        recordRead(result.versionCount());
    }

    public void recordLatency(Operation op, long micros) {
        meters.get(op).record(micros);
    }

    public void recordFailure(Operation op) {
        meters.get(op).failed();
    }

    /** A read returned {@code versions} siblings (deletes included). */
    public void recordRead(int versions) {
        versionsSeen.incrementAndGet(Math.max(0, Math.min(versions, 4)));
    }

    /** Closes the second that ended at {@code epochSecond}. */
    public void tick(long epochSecond) {
        Map<Operation, OperationMeter.Second> second = new EnumMap<>(Operation.class);
        meters.forEach((op, meter) -> second.put(op, meter.sample()));
        long[] reads = new long[5];
        for (int i = 0; i < reads.length; i++) {
            reads[i] = versionsSeen.getAndSet(i, 0);
        }
        synchronized (history) {
            for (int i = 0; i < reads.length; i++) {
                versionsSinceStart[i] += reads[i];
            }
            history.addLast(new Point(epochSecond, second, reads));
            while (history.size() > HISTORY_SECONDS) {
                history.removeFirst();
            }
        }
    }

    /** The charts' data, as columns (the shape uPlot takes). */
    public Charts charts() {
        List<Point> points;
        synchronized (history) {
            points = new ArrayList<>(history);
        }
        Map<String, Series> series = new LinkedHashMap<>();
        for (Operation op : Operation.values()) {
            int n = points.size();
            long[] ops = new long[n];
            long[] failures = new long[n];
            double[] p50 = new double[n];
            double[] p99 = new double[n];
            double[] p999 = new double[n];
            for (int i = 0; i < n; i++) {
                OperationMeter.Second s = points.get(i).ops().get(op);
                ops[i] = s.ops();
                failures[i] = s.failures();
                p50[i] = s.p50Millis();
                p99[i] = s.p99Millis();
                p999[i] = s.p999Millis();
            }
            series.put(op.label(), new Series(ops, failures, p50, p99, p999));
        }
        long[] time = points.stream().mapToLong(Point::epochSecond).toArray();
        long[] reads = new long[points.size()];
        long[] oneVersion = new long[points.size()];
        for (int i = 0; i < points.size(); i++) {
            long[] r = points.get(i).reads();
            reads[i] = r[1] + r[2] + r[3] + r[4];
            oneVersion[i] = r[1];
        }
        return new Charts(time, series, new Reads(reads, oneVersion), divergence(points), sinceStart());
    }

    /** Reads by versions seen over the last {@value #DIVERGENCE_WINDOW_SECONDS} closed seconds. */
    public Divergence divergence() {
        List<Point> points;
        synchronized (history) {
            points = new ArrayList<>(history);
        }
        return divergence(points);
    }

    private static Divergence divergence(List<Point> points) {
        long[] sum = new long[5];
        List<Point> window = points.subList(Math.max(0, points.size() - DIVERGENCE_WINDOW_SECONDS), points.size());
        for (Point p : window) {
            for (int i = 0; i < sum.length; i++) {
                sum[i] += p.reads()[i];
            }
        }
        return new Divergence(window.size(), sum[0], sum[1], sum[2], sum[3], sum[4]);
    }

    /** Reads by versions seen in every closed second since the start. */
    public Divergence sinceStart() {
        synchronized (history) {
            long[] s = versionsSinceStart;
            return new Divergence(-1, s[0], s[1], s[2], s[3], s[4]);
        }
    }

    /** One second: each operation's meter, and reads by versions seen (indexed as {@link #versionsSeen}). */
    private record Point(long epochSecond, Map<Operation, OperationMeter.Second> ops, long[] reads) {
    }

    /**
     * Reads each second, aligned with {@link Charts#time()}.
     *
     * @param found      reads that found the key
     * @param oneVersion those of them that saw exactly one version
     */
    public record Reads(long[] found, long[] oneVersion) {
    }

    /** One operation's columns, aligned with {@link Charts#time()}; latencies in milliseconds. */
    public record Series(long[] ops, long[] failures, double[] p50, double[] p99, double[] p999) {
    }

    /**
     * Everything the cluster page's charts draw.
     *
     * @param divergence the last {@value #DIVERGENCE_WINDOW_SECONDS} seconds, which the page shows
     * @param sinceStart every second since the demo started
     */
    public record Charts(long[] time, Map<String, Series> operations, Reads reads, Divergence divergence,
                         Divergence sinceStart) {
    }

    /**
     * Reads by how many versions they saw.
     *
     * @param seconds  the seconds counted (at most {@value #DIVERGENCE_WINDOW_SECONDS}), or -1 for
     *                 every second since the start
     * @param notFound reads of a key with no version at all (not counted in the share)
     */
    public record Divergence(long seconds, long notFound, long one, long two, long three, long fourOrMore) {

        public long reads() {
            return one + two + three + fourOrMore;
        }

        /** Percent of reads (that found the key) which saw exactly one version; 100 before any read. */
        public double percentOne() {
            long reads = reads();
            return reads == 0 ? 100.0 : 100.0 * one / reads;
        }
    }
}
