package io.dynacart.loadgen.record;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * Everything a run records: one {@link OpRecorder} per operation, the versions each read saw, and a
 * point per second. {@link #tick} (called once a second by one thread) closes an interval.
 */
public final class Recorders {

    private final Map<String, OpRecorder> ops = new LinkedHashMap<>();
    private final VersionCounts versions = new VersionCounts();
    private final Histogram overall = new Histogram(3);
    private final List<IntervalPoint> points = Collections.synchronizedList(new ArrayList<>());
    private final LongAdder errorsThisInterval = new LongAdder();
    private long errorsTotal;

    public Recorders(List<String> operations) {
        operations.forEach(op -> ops.put(op, new OpRecorder(op)));
    }

    public OpRecorder op(String operation) {
        OpRecorder r = ops.get(operation);
        if (r == null) {
            throw new IllegalArgumentException("no operation " + operation + "; there are " + ops.keySet());
        }
        return r;
    }

    public void success(String operation, long latencyMicros, int versionsSeen) {
        op(operation).success(latencyMicros);
        versions.record(versionsSeen);
    }

    public void error(String operation, String kind) {
        op(operation).error(kind);
        errorsThisInterval.increment();
    }

    public Map<String, OpRecorder> ops() {
        return Collections.unmodifiableMap(ops);
    }

    public VersionCounts versions() {
        return versions;
    }

    /** Closes the interval ending {@code second} seconds into the run and returns its point. */
    public synchronized IntervalPoint tick(double second) {
        Histogram interval = new Histogram(3);
        for (OpRecorder r : ops.values()) {
            interval.add(r.drain());
        }
        overall.add(interval);
        long errors = errorsThisInterval.sumThenReset();
        errorsTotal += errors;
        IntervalPoint p = new IntervalPoint(second, interval.getTotalCount() + errors, errors,
                ms(interval, 50), ms(interval, 99), ms(interval, 99.9),
                interval.getTotalCount() == 0 ? 0 : interval.getMaxValue() / 1000.0);
        points.add(p);
        return p;
    }

    /** Every success of every operation so far (as of the last tick). */
    public synchronized Histogram overall() {
        return overall.copy();
    }

    public synchronized long errorsTotal() {
        return errorsTotal;
    }

    public List<IntervalPoint> points() {
        synchronized (points) {
            return List.copyOf(points);
        }
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
    }
}
