/**
 * What a run measures: an HdrHistogram per operation (latency from the intended start, µs),
 * failures by kind, the number of versions every read saw, and one point per second for the
 * latency-over-time chart. Recording is safe from any thread.
 *
 * <p>Depends on HdrHistogram only.
 */
package io.dynacart.loadgen.record;
