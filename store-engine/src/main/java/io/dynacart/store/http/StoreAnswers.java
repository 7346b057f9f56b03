package io.dynacart.store.http;

import io.dynacart.store.api.QuorumNotReachedException;
import io.dynacart.store.budget.Admission;
import io.dynacart.store.api.SiblingsTooLargeException;
import io.dynacart.store.api.StoreClosedException;
import io.dynacart.store.api.StoreStartingException;
import io.dynacart.store.api.TooManySiblingsException;
import io.dynacart.store.api.UnknownNamespaceException;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.ClockLimitException;
import io.dynacart.store.storage.StorageBusyException;
import io.dynacart.store.storage.StorageFailedException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Turns the store's answer, which the node's event loop completes, into what a handler sends.
 *
 * <p>What must hold: no HTTP thread waits for the store (a blocked thread per request in flight made
 * Jetty grow to hundreds of threads per node under load), and an answer never takes longer than the
 * answer timeout. The
 * store's typed failures become 503 (with the missing nodes for a quorum; with {@code Retry-After}
 * when the node's storage is only catching up; naming the failure when its storage has failed for
 * good), 409 (a put past the key's sibling count cap), 413 (past its sibling byte cap) or 400 (a
 * context whose counters the coordinator refuses); our own timeout becomes 504. A timed-out request is left to finish in the store: a write may still be applied, which is
 * why the message tells the client that a retry with the same context is safe.
 */
final class StoreAnswers {

    private StoreAnswers() {
    }

    /**
     * The store's answer, failed instead with an {@link ApiException} when the store failed in a way
     * the API names or did not answer within {@code timeout}; other failures pass unchanged (a 500).
     * Nothing waits: the handler answers when this completes, on one of {@code answering}'s threads,
     * never on the node's event loop that completes the store's future.
     */
    static <T> CompletableFuture<T> within(CompletableFuture<T> answer, Duration timeout, Executor answering) {
        CompletableFuture<T> out = new CompletableFuture<>();
        answer.copy().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenCompleteAsync((value, failure) -> {
            if (failure == null) {
                out.complete(value);
            } else {
                out.completeExceptionally(translateAny(failure, timeout));
            }
        }, answering);
        return out;
    }

    private static RuntimeException translateAny(Throwable failure, Duration timeout) {
        Throwable c = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (c instanceof TimeoutException) {
            return ApiException.timedOut("the store did not answer within " + timeout.toMillis() + " ms; a write may still be"
                    + " applied, and retrying with the same context is safe");
        }
        if (c instanceof CancellationException) {
            return ApiException.unavailable("the request was cancelled", null);
        }
        return translate(c);
    }

    private static RuntimeException translate(Throwable cause) {
        Throwable c = cause instanceof CompletionException && cause.getCause() != null ? cause.getCause() : cause;
        if (c instanceof QuorumNotReachedException q) {
            return ApiException.unavailable(q.getMessage(), q.missing().stream().map(NodeId::value).toList());
        }
        if (c instanceof StoreClosedException || c instanceof StorageFailedException) {
            return ApiException.unavailable(c.getMessage(), null);
        }
        if (c instanceof UnknownNamespaceException) {
            return ApiException.notFound(c.getMessage());
        }
        if (c instanceof TooManySiblingsException) {
            return ApiException.conflict(c.getMessage());
        }
        if (c instanceof SiblingsTooLargeException) {
            return ApiException.tooLarge(c.getMessage());
        }
        if (c instanceof ClockLimitException) {
            return ApiException.badRequest("refused " + KvHandlers.CONTEXT_HEADER + " header: " + c.getMessage());
        }
        if (c instanceof StorageBusyException || c instanceof StoreStartingException) {
            return ApiException.overloaded(c.getMessage(), Admission.RETRY_AFTER_SECONDS);
        }
        if (c instanceof RuntimeException r) {
            return r;
        }
        return new IllegalStateException("the store failed the request", c);
    }
}
