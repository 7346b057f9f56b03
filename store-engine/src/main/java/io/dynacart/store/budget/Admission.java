package io.dynacart.store.budget;

/**
 * One request's share of the node's bytes in flight ({@link ByteBudget}): taken when the request
 * arrives, before its body is read, and given back once when the store has answered it. The node's
 * two client edges, HTTP and the binary client protocol, admit requests through this one class, so
 * they refuse alike under overload.
 *
 * <p>What must hold: a request the budget cannot admit is refused before anything is read or
 * written (HTTP: 503 with {@code Retry-After}; the client protocol: an OVERLOADED error); an
 * admitted request releases exactly what it holds, however it ends.
 */
public final class Admission {

    /** What a request costs besides its value: headers, its operation's state, the answer's envelope. */
    public static final long REQUEST_OVERHEAD = 16 * 1024;
    /** What a refused client is told to wait: overload on one node passes in about the time a request takes. */
    public static final int RETRY_AFTER_SECONDS = 1;

    private final ByteBudget budget;
    private long held;
    private boolean released;

    private Admission(ByteBudget budget, long held) {
        this.budget = budget;
        this.held = held;
    }

    /** Admits a request that needs {@code bytes} (its overhead included), or answers null when the node has too much in flight. */
    public static Admission tryAdmit(ByteBudget budget, long bytes) {
        return budget.tryAdmit(bytes) ? new Admission(budget, bytes) : null;
    }

    /** What a refused client is told: how much is in flight, and when to retry. */
    public static String refusal(ByteBudget budget) {
        return "this node is overloaded: " + budget.inUse() + " bytes of requests and"
                + " messages are in flight, and it takes new requests only while they stay under "
                + budget.limit() / 2 + "; nothing was done, retry after " + RETRY_AFTER_SECONDS + " s";
    }

    /** Now holds {@code bytes} instead: gives back what the request turned out not to need, or counts more. */
    public synchronized void resize(long bytes) {
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
    public synchronized void release() {
        if (!released) {
            released = true;
            budget.release(held);
        }
    }
}
