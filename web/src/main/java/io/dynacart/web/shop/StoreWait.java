package io.dynacart.web.shop;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A page handler's wait for the store: bounded, and failing with the store's own exception. */
public final class StoreWait {

    /** Longer than the coordinator's timeout (1 s) plus a retry on another node. */
    static final long TIMEOUT_MILLIS = 5_000;

    private StoreWait() {}

    /**
     * The future's value; its failure's cause rethrown as is when unchecked; a
     * {@link StoreTimeoutException} after {@value #TIMEOUT_MILLIS} ms.
     */
    public static <T> T result(CompletableFuture<T> future) {
        return result(future, TIMEOUT_MILLIS);
    }

    /** As {@link #result(CompletableFuture)}, waiting {@code millis} at most. */
    public static <T> T result(CompletableFuture<T> future, long millis) {
        try {
            return future.get(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreTimeoutException("interrupted while waiting for the store");
        } catch (TimeoutException e) {
            throw new StoreTimeoutException("the store did not answer within " + millis + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException && e.getCause().getCause() != null
                    ? e.getCause().getCause() : e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("the store failed: " + cause, cause);
        }
    }

    /** The store did not answer in time. */
    public static final class StoreTimeoutException extends RuntimeException {
        public StoreTimeoutException(String message) {
            super(message);
        }
    }
}
