package io.dynacart.loadgen.record;

/**
 * One second of the run, for the latency-over-time chart and the progress line.
 *
 * @param second   seconds since the run began at the end of this interval
 * @param ops      requests that ended in the interval (successes and failures)
 * @param errors   failures among them
 * @param p50Ms    of the interval's successes; 0 when there were none
 */
public record IntervalPoint(double second, long ops, long errors, double p50Ms, double p99Ms, double p999Ms,
                            double maxMs) {
}
