package io.dynacart.store.coordinator;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.QuorumNotReachedException;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.PreferenceList;
import io.dynacart.store.ring.Replica;
import io.dynacart.store.storage.Value;
import io.dynacart.store.time.Scheduler;
import io.dynacart.store.transport.ReplicationMessage;
import io.dynacart.store.versioning.Versioned;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One read: ask the key's N reachable replicas, answer after R replies with the reconciliation of
 * all replies so far, keep listening until every replica answered or the deadline, then repair the
 * replicas whose reply lacked a version (read repair, paper section 5).
 *
 * <pre>
 *   READING ──R replies──► COLLECTING ──all replied / deadline──► DONE (repair)
 *      └──── deadline, or R impossible ───────────────────────────►┘
 * </pre>
 * Legal successors: READING → COLLECTING | DONE; COLLECTING → DONE.
 */
final class GetOperation {

    enum State { READING, COLLECTING, DONE }

    sealed interface Event permits Reply, Deadline {
    }

    record Reply(NodeId from, List<Versioned<Value>> siblings) implements Event {
    }

    record Deadline() implements Event {
    }

    private final long id;
    private final Key key;
    private final PreferenceList preferenceList;
    private final List<Replica> targets;
    private final ReadTally tally;
    private final CompletableFuture<GetResult> answer;
    private final CoordinatorServices services;
    private State state = State.READING;
    private Scheduler.Cancellable deadline;

    GetOperation(long id, Key key, PreferenceList preferenceList, int r, CompletableFuture<GetResult> answer,
                 CoordinatorServices services) {
        this.id = id;
        this.key = key;
        this.preferenceList = preferenceList;
        this.targets = preferenceList.targets(services::reachable);
        this.tally = new ReadTally(r, targets.stream().map(Replica::node).toList());
        this.answer = answer;
        this.services = services;
    }

    State state() {
        return state;
    }

    /** Reads locally when this node is a target, asks the others, sets the deadline. */
    void start(long timeoutMillis) {
        for (Replica target : targets) {
            if (!target.node().equals(services.self())) {
                services.endpoint().send(target.node(), new ReplicationMessage.Read(id, key));
            }
        }
        deadline = services.scheduler().schedule(timeoutMillis, () -> handle(new Deadline()));
        for (Replica target : targets) {
            if (target.node().equals(services.self())) {
                handle(new Reply(services.self(), ReplicaHandler.localSiblings(services, key)));
            }
        }
        if (tally.decision() == Decision.FAILED) {
            handle(new Deadline());
        }
    }

    /** The one transition method. */
    void handle(Event event) {
        if (state == State.DONE) {
            return;
        }
        if (event instanceof Reply reply) {
            if (!reply.from().equals(services.self())) {
                services.health().heard(reply.from());
            }
            Decision d = tally.reply(reply.from(), reply.siblings());
            if (state == State.READING && d == Decision.SUCCEEDED) {
                answer.complete(GetResult.of(key, tally.merged()));
                state = State.COLLECTING;
            }
            // Finished once every target replied, but never before the client got its answer: when
            // the coordinator is its own only target, its reply settles a tally that cannot reach R,
            // and start() then answers the failure.
            if (state == State.COLLECTING && tally.settled()) {
                finish();
            }
        } else if (event instanceof Deadline) {
            if (state == State.READING) {
                answer.completeExceptionally(new QuorumNotReachedException("get", tally.required(), tally.replies(),
                        Missing.of(tally.missing(), preferenceList, targets)));
            }
            tally.missing().forEach(services.health()::missed);
            finish();
        } else {
            throw new IllegalArgumentException("unknown get event " + event);
        }
    }

    private boolean isPrimary(NodeId node) {
        return targets.stream().anyMatch(t -> t instanceof Replica.Primary && t.node().equals(node));
    }

    private void finish() {
        state = State.DONE;
        if (deadline != null) {
            deadline.cancel();
        }
        List<Versioned<Value>> merged = tally.merged();
        for (NodeId stale : tally.staleReplicas()) {
            if (!isPrimary(stale)) {
                continue; // a fallback holds hints, not the key: its copy goes home by handoff
            }
            if (stale.equals(services.self())) {
                services.storage().merge(key, merged);
            } else {
                services.endpoint().send(stale, new ReplicationMessage.Repair(key, merged));
            }
        }
    }
}
