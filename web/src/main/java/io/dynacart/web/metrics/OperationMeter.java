package io.dynacart.web.metrics;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latency of one operation, recorded from any thread into an HdrHistogram {@link Recorder} and
 * read once a second as the interval since the last read (so a chart point is that second's
 * percentiles, not an average since the start). Failures are counted apart: a timed-out request
 * would otherwise show as a fast one.
 */
final class OperationMeter {

    /** Latencies above a minute are clamped; nothing the demo does waits longer. */
    private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(1);

    private final Recorder recorder = new Recorder(MAX_MICROS, 3);
    private final LongAdder failures = new LongAdder();
    private Histogram interval;

    void record(long micros) {
        recorder.recordValue(Math.max(0, Math.min(micros, MAX_MICROS)));
    }

    void failed() {
        failures.increment();
    }

    /** The second just ended; called by one thread only (the sampler). */
    synchronized Second sample() {
        interval = recorder.getIntervalHistogram(interval);
        long count = interval.getTotalCount();
        return new Second(count, failures.sumThenReset(),
                count == 0 ? 0 : interval.getValueAtPercentile(50) / 1000.0,
                count == 0 ? 0 : interval.getValueAtPercentile(99) / 1000.0,
                count == 0 ? 0 : interval.getValueAtPercentile(99.9) / 1000.0);
    }

    /** One second of one operation: completed calls, failed calls, and latency percentiles in ms. */
    record Second(long ops, long failures, double p50Millis, double p99Millis, double p999Millis) {
    }
}
