package io.dynacart.store.http;

import io.dynacart.store.budget.ByteBudget;

/**
 * One request's share of the node's bytes in flight ({@link ByteBudget}): taken when the request
 * arrives, before its body is read, and given back once when the store has answered it.
 *
 * <p>What must hold: a request the budget cannot admit is refused before anything is read or
 * written, with 503 and {@code Retry-After}; an admitted request releases exactly what it holds,
 * however it ends.
 */
final class Admission {

    /** What a request costs besides its value: headers, its operation's state, the answer's envelope. */
    static final long REQUEST_OVERHEAD = 16 * 1024;
    /** What a refused client is told to wait: overload on one node passes in about the time a request takes. */
    static final int RETRY_AFTER_SECONDS = 1;

    private final ByteBudget budget;
    private long held;
    private boolean released;

    private Admission(ByteBudget budget, long held) {
        this.budget = budget;
        this.held = held;
    }

    /**
     * Admits a request that needs {@code bytes} (its overhead included).
     *
     * @throws ApiException 503 with {@code Retry-After} when the node has too much in flight
     */
    static Admission admit(ByteBudget budget, long bytes) {
        if (!budget.tryAdmit(bytes)) {
            throw ApiException.overloaded("this node is overloaded: " + budget.inUse() + " bytes of requests and"
                    + " messages are in flight, and it takes new requests only while they stay under "
                    + budget.limit() / 2 + "; nothing was done, retry after " + RETRY_AFTER_SECONDS + " s",
                    RETRY_AFTER_SECONDS);
        }
        return new Admission(budget, bytes);
    }

    /** Now holds {@code bytes} instead: gives back what the request turned out not to need, or counts more. */
    synchronized void resize(long bytes) {
        if (released) {
            return;
        }
        if (bytes < held) {
            budget.release(held - bytes);
        } else {
            budget.charge(bytes - held);
        }
        held = bytes;
    }

    /** Gives back everything held; later calls do nothing. */
    synchronized void release() {
        if (!released) {
            released = true;
            budget.release(held);
        }
    }
}
