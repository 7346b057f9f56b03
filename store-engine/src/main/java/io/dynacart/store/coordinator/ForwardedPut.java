package io.dynacart.store.coordinator;

import io.dynacart.store.api.QuorumNotReachedException;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.time.Scheduler;
import io.dynacart.store.transport.ReplicationMessage;
import io.dynacart.store.versioning.Context;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A put that arrived at a node outside the key's first N, handed to a reachable primary, which
 * coordinates it: the version's clock then grows by a replica's counter, never a passer-by's.
 *
 * <pre>
 *   AWAITING_COORDINATOR ──done / failed / deadline──► DONE
 * </pre>
 */
final class ForwardedPut {

    enum State { AWAITING_COORDINATOR, DONE }

    sealed interface Event permits Done, Failed, Deadline {
    }

    record Done(ReplicationMessage.ForwardPutDone reply) implements Event {
    }

    record Failed(ReplicationMessage.ForwardPutFailed reply) implements Event {
    }

    record Deadline() implements Event {
    }

    private final NodeId coordinator;
    private final int w;
    private final CompletableFuture<Context> answer;
    private final CoordinatorServices services;
    private State state = State.AWAITING_COORDINATOR;
    private Scheduler.Cancellable deadline;

    ForwardedPut(NodeId coordinator, int w, CompletableFuture<Context> answer, CoordinatorServices services) {
        this.coordinator = coordinator;
        this.w = w;
        this.answer = answer;
        this.services = services;
    }

    NodeId coordinator() {
        return coordinator;
    }

    void start(ReplicationMessage.ForwardPut forward, long timeoutMillis) {
        services.endpoint().send(coordinator, forward);
        // The coordinator needs its own full timeout, plus a round trip to us.
        deadline = services.scheduler().schedule(timeoutMillis * 2, () -> handle(new Deadline()));
    }

    State state() {
        return state;
    }

    void handle(Event event) {
        if (state == State.DONE) {
            return;
        }
        if (event instanceof Done done) {
            services.health().heard(coordinator);
            answer.complete(done.reply().context());
        } else if (event instanceof Failed failed) {
            services.health().heard(coordinator);
            ReplicationMessage.ForwardPutFailed f = failed.reply();
            answer.completeExceptionally(new QuorumNotReachedException("put", f.required(), f.answered(), f.missing()));
        } else if (event instanceof Deadline) {
            services.health().missed(coordinator);
            answer.completeExceptionally(new QuorumNotReachedException("put", w, 0, List.of(coordinator)));
        } else {
            throw new IllegalArgumentException("unknown forwarded put event " + event);
        }
        state = State.DONE;
        if (deadline != null) {
            deadline.cancel();
        }
    }
}
