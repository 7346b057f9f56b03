package io.dynacart.store.coordinator;

import io.dynacart.store.api.QuorumNotReachedException;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.time.Scheduler;
import io.dynacart.store.transport.ReplicationMessage;
import io.dynacart.store.versioning.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A put that arrived at a node outside the key's first N, handed to a reachable primary, which
 * coordinates it: the version's clock then grows by a replica's counter, never a passer-by's. A
 * primary that does not answer within the request timeout is counted as missed and the put goes to
 * the next candidate (at most {@value #MAX_ATTEMPTS} primaries), so one dead primary that the
 * failure detector has not yet noticed costs latency, not the write. When the transport reports it
 * cannot connect to the primary asked, the put moves on at once instead of at the timeout.
 *
 * <pre>
 *   AWAITING_COORDINATOR ──timeout or unreachable, candidates left──► AWAITING_COORDINATOR (next primary)
 *          └──── done / failed / refused / last timeout ──────► DONE
 * </pre>
 */
final class ForwardedPut {

    /** Primaries tried at most: two keeps the worst case within twice the request timeout. */
    static final int MAX_ATTEMPTS = 2;

    enum State { AWAITING_COORDINATOR, DONE }

    sealed interface Event permits Done, Failed, Refused, Deadline, Unreachable {
    }

    record Done(NodeId from, ReplicationMessage.ForwardPutDone reply) implements Event {
    }

    record Failed(NodeId from, ReplicationMessage.ForwardPutFailed reply) implements Event {
    }

    /** The primary refused the put before writing anything (see {@link Refusals}): no other is tried. */
    record Refused(NodeId from, ReplicationMessage.ForwardPutRefused reply) implements Event {
    }

    record Deadline() implements Event {
    }

    /** The transport could not connect to {@code peer}: if this put waits for it, that attempt failed. */
    record Unreachable(NodeId peer) implements Event {
    }

    private final ReplicationMessage.ForwardPut forward;
    private final List<NodeId> candidates;
    private final List<NodeId> tried = new ArrayList<>();
    private final CompletableFuture<Context> answer;
    private final CoordinatorServices services;
    private final long timeoutMillis;
    private State state = State.AWAITING_COORDINATOR;
    private Scheduler.Cancellable deadline;

    ForwardedPut(ReplicationMessage.ForwardPut forward, List<NodeId> candidates, CompletableFuture<Context> answer,
                 CoordinatorServices services, long timeoutMillis) {
        this.forward = forward;
        this.candidates = new ArrayList<>(candidates.subList(0, Math.min(MAX_ATTEMPTS, candidates.size())));
        this.answer = answer;
        this.services = services;
        this.timeoutMillis = timeoutMillis;
    }

    /** Whether {@code node} was asked to coordinate this put (its answer counts, even late). */
    boolean asked(NodeId node) {
        return tried.contains(node);
    }

    void start() {
        sendToNext();
    }

    private void sendToNext() {
        NodeId next = candidates.remove(0);
        tried.add(next);
        services.endpoint().send(next, forward);
        deadline = services.scheduler().schedule(timeoutMillis, () -> handle(new Deadline()));
    }

    State state() {
        return state;
    }

    /** The one transition method. */
    void handle(Event event) {
        if (state == State.DONE) {
            return;
        }
        if (event instanceof Done done) {
            services.health().heard(done.from());
            answer.complete(done.reply().context());
        } else if (event instanceof Failed failed) {
            services.health().heard(failed.from());
            ReplicationMessage.ForwardPutFailed f = failed.reply();
            answer.completeExceptionally(new QuorumNotReachedException("put", f.required(), f.answered(), f.missing()));
        } else if (event instanceof Refused refused) {
            services.health().heard(refused.from());
            answer.completeExceptionally(Refusals.toException(refused.reply()));
        } else if (event instanceof Deadline || event instanceof Unreachable) {
            NodeId asked = tried.get(tried.size() - 1);
            if (event instanceof Unreachable u && !u.peer().equals(asked)) {
                return;
            }
            services.health().missed(asked);
            if (deadline != null) {
                deadline.cancel();
            }
            if (!candidates.isEmpty()) {
                sendToNext();
                return;
            }
            answer.completeExceptionally(new QuorumNotReachedException("put", forward.quorum().w(), 0, tried));
        } else {
            throw new IllegalArgumentException("unknown forwarded put event " + event);
        }
        state = State.DONE;
        if (deadline != null) {
            deadline.cancel();
        }
    }
}
