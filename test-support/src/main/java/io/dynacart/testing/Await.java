package io.dynacart.testing;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waiting on real threads: poll a condition until it holds or a deadline passes, never a bare sleep.
 * A timeout fails with an {@link AssertionError} naming what was awaited and for how long.
 */
public final class Await {

    /** Generous: a loaded two-core machine may be slow, and a passing test never waits this long. */
    public static final Duration DEADLINE = Duration.ofSeconds(10);

    /** Between two looks at the condition: short next to any deadline, long enough not to spin a core. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private Await() {
    }

    /** Returns once {@code condition} holds; fails naming {@code what} if it does not within {@link #DEADLINE}. */
    public static void until(String what, BooleanSupplier condition) {
        until(what, DEADLINE, condition);
    }

    /** Returns once {@code condition} holds; fails naming {@code what} if it does not within {@code deadline}. */
    public static void until(String what, Duration deadline, BooleanSupplier condition) {
        until(what, deadline, condition, () -> "");
    }

    /**
     * As {@link #until(String, Duration, BooleanSupplier)}; on a timeout the failure also carries
     * {@code diagnosis} (the logs of the processes involved, say), read once, then.
     */
    public static void until(String what, Duration deadline, BooleanSupplier condition, Supplier<String> diagnosis) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("timed out after " + deadline.toMillis() + " ms waiting for " + what
                        + diagnosis.get());
            }
            LockSupport.parkNanos(POLL_NANOS);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    /** The future's value within {@link #DEADLINE}; its failure rethrown as is (an unchecked one) or wrapped. */
    public static <T> T of(CompletableFuture<T> future) {
        try {
            return future.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new AssertionError(e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("no answer within " + DEADLINE.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for an answer");
        }
    }
}
