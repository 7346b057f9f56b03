package io.dynacart.store.http;

import io.dynacart.store.api.QuorumNotReachedException;
import io.dynacart.store.api.StoreClosedException;
import io.dynacart.store.identity.NodeId;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits on an HTTP thread for the store's answer, which the node's event loop completes.
 *
 * <p>What must hold: a handler never waits longer than the answer timeout, and never on the event
 * loop itself (the futures complete there; blocking it would stop the very work we wait for). The
 * store's typed failures become 503 (with the missing nodes for a quorum); our own timeout becomes
 * 504. A timed-out request is left to finish in the store: a write may still be applied, which is
 * why the message tells the client that a retry with the same context is safe.
 */
final class StoreAnswers {

    private StoreAnswers() {
    }

    /** The future's value, or an {@link ApiException}; other failures are rethrown unchanged (a 500). */
    static <T> T await(CompletableFuture<T> answer, Duration timeout) {
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw ApiException.timedOut("the store did not answer within " + timeout.toMillis()
                    + " ms; a write may still be applied, and retrying with the same context is safe");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("the node is shutting down", null);
        } catch (CancellationException e) {
            throw ApiException.unavailable("the request was cancelled", null);
        } catch (ExecutionException e) {
            throw translate(e.getCause());
        }
    }

    private static RuntimeException translate(Throwable cause) {
        Throwable c = cause instanceof CompletionException && cause.getCause() != null ? cause.getCause() : cause;
        if (c instanceof QuorumNotReachedException q) {
            return ApiException.unavailable(q.getMessage(), q.missing().stream().map(NodeId::value).toList());
        }
        if (c instanceof StoreClosedException) {
            return ApiException.unavailable(c.getMessage(), null);
        }
        if (c instanceof RuntimeException r) {
            return r;
        }
        return new IllegalStateException("the store failed the request", c);
    }
}
