package io.dynacart.loadgen.fault;

import io.dynacart.store.cluster.FaultSchedule;
import io.dynacart.store.cluster.ScheduledFault;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Carries out a schedule on its own thread, each action at its time after {@link #start}; actions run
 * one after another, so a slow one (a leave) delays the next rather than overlapping it. A failed
 * action is recorded and the schedule goes on.
 */
public final class FaultExecutor implements AutoCloseable {

    private final FaultSchedule schedule;
    private final FaultTarget target;
    private final List<FaultEvent> events = new ArrayList<>();
    private Thread thread;
    private volatile boolean closed;

    public FaultExecutor(FaultSchedule schedule, FaultTarget target) {
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.target = Objects.requireNonNull(target, "target");
        if (!schedule.isEmpty() && target.refusal() != null) {
            throw new IllegalArgumentException(target.refusal());
        }
    }

    /** Starts the schedule; {@code clockNanos} is the run's clock, and time 0 is {@code originNanos}. */
    public synchronized void start(long originNanos, LongSupplier clockNanos) {
        if (schedule.isEmpty()) {
            return;
        }
        thread = new Thread(() -> run(originNanos, clockNanos), "loadgen-faults");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(long origin, LongSupplier clock) {
        for (ScheduledFault f : schedule.faults()) {
            long due = origin + f.at().toNanos();
            while (!closed && clock.getAsLong() < due) {
                sleepNanos(Math.min(due - clock.getAsLong(), TimeUnit.MILLISECONDS.toNanos(50)));
            }
            if (closed) {
                return;
            }
            long began = clock.getAsLong();
            String error = null;
            try {
                target.apply(f.action());
            } catch (RuntimeException e) {
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            long done = clock.getAsLong();
            synchronized (this) {
                events.add(new FaultEvent(f.action().text(), f.at().toMillis(), millis(began - origin),
                        millis(done - origin), error));
            }
            System.out.printf("fault %s at %.1f s%s%n", f.action().text(), (began - origin) / 1e9,
                    error == null ? " (done in " + millis(done - began) + " ms)" : " FAILED: " + error);
        }
    }

    /** Cancels the actions not yet due and waits (at most {@code millis}) for the one running, if any. */
    public void stop(long millis) {
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t == null) {
            return;
        }
        closed = true;
        try {
            t.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The actions carried out so far. */
    public synchronized List<FaultEvent> events() {
        return List.copyOf(events);
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static void sleepNanos(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(Math.max(nanos, 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(0);
    }
}
