package io.dynacart.loadgen.record;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One operation's record: the latency of every success (µs, from the intended start), and failures
 * counted by kind. Recording is lock-free and safe from any thread; {@link #drain} (one thread)
 * moves what was recorded into the run's total and returns the interval.
 */
public final class OpRecorder {

    private final String operation;
    private final Recorder recorder = new Recorder(3);
    private final Histogram total = new Histogram(3);
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private Histogram reuse;

    OpRecorder(String operation) {
        this.operation = operation;
    }

    public String operation() {
        return operation;
    }

    public void success(long latencyMicros) {
        recorder.recordValue(Math.max(0, latencyMicros));
    }

    public void error(String kind) {
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    /** What was recorded since the last drain; added to the total. */
    synchronized Histogram drain() {
        Histogram interval = recorder.getIntervalHistogram(reuse);
        total.add(interval);
        reuse = interval;
        return interval.copy();
    }

    /** Every success so far that a drain has collected. */
    public synchronized Histogram total() {
        return total.copy();
    }

    public Map<String, Long> errors() {
        Map<String, Long> out = new TreeMap<>();
        errors.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public long errorCount() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }
}
