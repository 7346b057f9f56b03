package io.dynacart.store.cluster;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * At most {@code max} exchanges in flight; the rest wait their turn in arrival order. The JDK's
 * HTTP client opens a connection per concurrent request and keeps its pool in lists it walks on
 * every request, so thousands of requests in flight cost more than they bring (measured: a client
 * with 2,000 in flight spent most of a core in its connection pool). Waiting here instead keeps a
 * few dozen warm connections busy, and a request's latency still counts the wait. Thread-safe.
 */
final class InFlightLimit {

    private final int max;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private int running;

    InFlightLimit(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("in-flight limit must be >= 1, was " + max);
        }
        this.max = max;
    }

    /** Starts {@code exchange} now if a slot is free, else when one frees; the answer is the exchange's. */
    <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> exchange) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        Runnable start = () -> {
            CompletableFuture<T> running;
            try {
                running = exchange.get();
            } catch (RuntimeException e) {
                running = CompletableFuture.failedFuture(e);
            }
            running.whenComplete((value, failure) -> {
                release();
                if (failure != null) {
                    answer.completeExceptionally(failure);
                } else {
                    answer.complete(value);
                }
            });
        };
        boolean now;
        synchronized (this) {
            now = running < max;
            if (now) {
                running++;
            } else {
                waiting.add(start);
            }
        }
        if (now) {
            start.run();
        }
        return answer;
    }

    private void release() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                running--;
            }
        }
        if (next != null) {
            next.run();
        }
    }

    /** Exchanges running and waiting, for tests. */
    synchronized int[] load() {
        return new int[] {running, waiting.size()};
    }
}
