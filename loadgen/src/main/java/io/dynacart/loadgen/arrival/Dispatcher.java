package io.dynacart.loadgen.arrival;

import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The open-loop dispatcher: one thread that, at each intended start time, hands a request to the
 * {@link Sink} and goes straight on to the next — it never waits for an answer. At most
 * {@code maxInFlight} requests are out at once; a request due when every slot is taken is not
 * delayed (that would hide the stall) but reported to {@link Sink#overload} at its intended time, so
 * it counts as an error of kind {@code overload}.
 *
 * <p>If the dispatcher itself falls behind (a GC pause, a busy CPU), late requests are sent at once,
 * still stamped with their intended time: their latency includes the delay.
 */
public final class Dispatcher {

    /** Where requests go. Both calls must return quickly. */
    public interface Sink {
        /** Start a request meant to start at {@code intendedNanos}; call {@code done} exactly once when it ends. */
        void dispatch(long intendedNanos, Runnable done);

        /** A request due at {@code intendedNanos} found no free slot. */
        void overload(long intendedNanos);
    }

    /** How long a run lasts: a number of requests, a duration, or whichever comes first. */
    public record Limit(long requests, long nanos) {
        public Limit {
            if (requests <= 0 && nanos <= 0) {
                throw new IllegalArgumentException("a run needs a request count or a duration");
            }
        }
    }

    private final Arrivals arrivals;
    private final int maxInFlight;
    private final Semaphore slots;
    private final LongSupplier clock;

    public Dispatcher(Arrivals arrivals, int maxInFlight, LongSupplier clockNanos) {
        this.arrivals = Objects.requireNonNull(arrivals, "arrivals");
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("max in flight must be >= 1, was " + maxInFlight);
        }
        this.maxInFlight = maxInFlight;
        this.slots = new Semaphore(maxInFlight);
        this.clock = Objects.requireNonNull(clockNanos, "clockNanos");
    }

    /**
     * Issues requests from {@code originNanos} until {@code limit}, on the calling thread; returns how
     * many were due (dispatched or overloaded).
     */
    public long run(long originNanos, Limit limit, Sink sink, BooleanSupplier stop) {
        Arrivals.Gaps gaps = arrivals.gaps();
        long intended = originNanos;
        long due = 0;
        long end = limit.nanos() > 0 ? originNanos + limit.nanos() : Long.MAX_VALUE;
        long max = limit.requests() > 0 ? limit.requests() : Long.MAX_VALUE;
        while (due < max && !stop.getAsBoolean()) {
            intended += gaps.nextNanos();
            if (intended >= end) {
                break;
            }
            long wait = intended - clock.getAsLong();
            while (wait > 0) {
                LockSupport.parkNanos(wait);
                wait = intended - clock.getAsLong();
            }
            due++;
            if (slots.tryAcquire()) {
                sink.dispatch(intended, slots::release);
            } else {
                sink.overload(intended);
            }
        }
        return due;
    }

    /** Waits until every dispatched request has ended or {@code timeoutNanos} passed; returns how many are still out. */
    public int drain(long timeoutNanos) {
        long end = clock.getAsLong() + timeoutNanos;
        while (slots.availablePermits() < maxInFlight && clock.getAsLong() < end) {
            LockSupport.parkNanos(1_000_000);
        }
        return maxInFlight - slots.availablePermits();
    }

    public int inFlight() {
        return maxInFlight - slots.availablePermits();
    }
}
