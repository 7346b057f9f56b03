/**
 * Open-loop arrivals (no coordinated omission): the intended start times of requests at a fixed
 * rate ({@link io.dynacart.loadgen.arrival.Arrivals}, uniform or Poisson) and the
 * {@link io.dynacart.loadgen.arrival.Dispatcher} that sends each at its time without waiting for
 * answers, bounded by a number of requests in flight.
 *
 * <p>Depends on nothing else of the project.
 */
package io.dynacart.loadgen.arrival;
