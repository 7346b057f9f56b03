package io.dynacart.store.transport.tcp;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waiting on real threads: poll a condition until it holds or a deadline passes, never a bare sleep. */
public final class Await {

    /** Generous: a loaded two-core machine may be slow, and a passing test never waits this long. */
    public static final Duration DEADLINE = Duration.ofSeconds(10);

    private Await() {
    }

    public static void until(String what, BooleanSupplier condition) {
        until(what, condition, DEADLINE);
    }

    /** Returns once {@code condition} holds; fails naming {@code what} if it does not within {@code deadline}. */
    public static void until(String what, BooleanSupplier condition, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("waited " + deadline.toMillis() + " ms for " + what);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }
}
