package io.dynacart.store.clientserver;

import io.dynacart.store.api.QuorumNotReachedException;
import io.dynacart.store.api.SiblingsTooLargeException;
import io.dynacart.store.api.StoreClosedException;
import io.dynacart.store.api.StoreStartingException;
import io.dynacart.store.api.TooManySiblingsException;
import io.dynacart.store.api.UnknownNamespaceException;
import io.dynacart.store.budget.Admission;
import io.dynacart.store.clientwire.ClientResponse.Failure;
import io.dynacart.store.clientwire.ErrorCode;
import io.dynacart.store.identity.InvalidKeyException;
import io.dynacart.store.storage.StorageBusyException;
import io.dynacart.store.storage.StorageFailedException;
import io.dynacart.store.storage.ValueTooLargeException;
import io.dynacart.store.versioning.ClockLimitException;
import io.dynacart.store.versioning.MalformedContextException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's failures as the protocol answers them, with the meanings the HTTP API gives them
 * ({@code http.StoreAnswers}): a quorum not reached, a store closing or failed storage are 503s
 * (QUORUM_NOT_REACHED naming the missing nodes, UNAVAILABLE), the sibling caps 409/413, a context
 * whose clock the coordinator refuses 400, storage catching up OVERLOADED, our own timeout 504.
 * Anything else is INTERNAL with a generic message, and logged here.
 */
final class StoreFailures {

    private static final Logger LOG = LoggerFactory.getLogger(StoreFailures.class);
    static final String INTERNAL = "internal error; the node logged the details";

    private StoreFailures() {
    }

    static Failure of(long id, Throwable failure, Duration timeout) {
        Throwable c = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (c instanceof TimeoutException) {
            return Failure.of(id, ErrorCode.TIMEOUT, "the store did not answer within " + timeout.toMillis()
                    + " ms; a write may still be applied, and retrying with the same context is safe");
        }
        if (c instanceof QuorumNotReachedException q) {
            return new Failure(id, ErrorCode.QUORUM_NOT_REACHED, q.getMessage(), q.missing(), 0);
        }
        if (c instanceof CancellationException) {
            return Failure.of(id, ErrorCode.UNAVAILABLE, "the request was cancelled");
        }
        if (c instanceof StoreClosedException || c instanceof StorageFailedException) {
            return Failure.of(id, ErrorCode.UNAVAILABLE, c.getMessage());
        }
        if (c instanceof UnknownNamespaceException) {
            return Failure.of(id, ErrorCode.UNKNOWN_NAMESPACE, c.getMessage());
        }
        if (c instanceof TooManySiblingsException) {
            return Failure.of(id, ErrorCode.TOO_MANY_SIBLINGS, c.getMessage());
        }
        if (c instanceof SiblingsTooLargeException || c instanceof ValueTooLargeException) {
            return Failure.of(id, ErrorCode.TOO_LARGE, c.getMessage());
        }
        if (c instanceof ClockLimitException || c instanceof MalformedContextException) {
            return Failure.of(id, ErrorCode.BAD_REQUEST, "refused context: " + c.getMessage());
        }
        if (c instanceof InvalidKeyException) {
            return Failure.of(id, ErrorCode.BAD_REQUEST, c.getMessage());
        }
        if (c instanceof StorageBusyException || c instanceof StoreStartingException) {
            return overloaded(id, c.getMessage());
        }
        LOG.error("a client protocol request failed unexpectedly", c);
        return Failure.of(id, ErrorCode.INTERNAL, INTERNAL);
    }

    static Failure overloaded(long id, String message) {
        return new Failure(id, ErrorCode.OVERLOADED, message, List.of(), Admission.RETRY_AFTER_SECONDS);
    }
}
