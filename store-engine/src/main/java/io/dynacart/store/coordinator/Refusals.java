package io.dynacart.store.coordinator;

import io.dynacart.store.api.SiblingsTooLargeException;
import io.dynacart.store.api.TooManySiblingsException;
import io.dynacart.store.transport.ReplicationMessage.ForwardPutRefused;
import io.dynacart.store.transport.ReplicationMessage.ForwardPutRefused.Refusal;
import io.dynacart.store.versioning.ClockLimitException;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * The errors a coordinator refuses a forwarded put with, to and from their wire form, so that the
 * client of the forwarding node gets the same typed error as one of the coordinator.
 */
final class Refusals {

    private Refusals() {
    }

    /** The refusal for {@code error}, or empty when it is not one a put is refused with. */
    static Optional<ForwardPutRefused> of(long requestId, Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        Refusal refusal = e instanceof ClockLimitException ? Refusal.CLOCK_LIMIT
                : e instanceof TooManySiblingsException ? Refusal.TOO_MANY_SIBLINGS
                : e instanceof SiblingsTooLargeException ? Refusal.SIBLINGS_TOO_LARGE
                : null;
        return refusal == null ? Optional.empty() : Optional.of(new ForwardPutRefused(requestId, refusal, e.getMessage()));
    }

    /** The typed error {@code refused} stands for. */
    static RuntimeException toException(ForwardPutRefused refused) {
        Refusal refusal = refused.refusal();
        if (refusal == Refusal.CLOCK_LIMIT) {
            return new ClockLimitException(refused.detail());
        }
        if (refusal == Refusal.TOO_MANY_SIBLINGS) {
            return new TooManySiblingsException(refused.detail());
        }
        if (refusal == Refusal.SIBLINGS_TOO_LARGE) {
            return new SiblingsTooLargeException(refused.detail());
        }
        throw new IllegalArgumentException("unknown refusal " + refusal);
    }
}
