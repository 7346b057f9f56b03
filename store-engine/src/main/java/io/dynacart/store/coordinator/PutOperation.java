package io.dynacart.store.coordinator;

import io.dynacart.store.api.QuorumNotReachedException;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.PreferenceList;
import io.dynacart.store.ring.Replica;
import io.dynacart.store.storage.Value;
import io.dynacart.store.time.Scheduler;
import io.dynacart.store.transport.ReplicationMessage;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.Versioned;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One write, after the coordinator stored the new version locally: replicate the coordinator's
 * whole sibling set to the other targets, answer after W acknowledgements, and by the deadline hand
 * a copy meant for each silent primary to a fallback with a hint. While a transfer is under way the
 * write also goes to the nodes becoming replicas ({@link Write#pending()}): not counted towards W,
 * waited for like stragglers, and given a hint kept here if silent at the deadline.
 *
 * <pre>
 *   REPLICATING ──W acks──► AWAITING_STRAGGLERS ──all acked / deadline──► DONE
 *        └──────── deadline, or W impossible ─────────────────────────────►┘
 * </pre>
 * Legal successors: REPLICATING → AWAITING_STRAGGLERS | DONE; AWAITING_STRAGGLERS → DONE.
 * The answer is given on leaving REPLICATING: success with the new version's context, or
 * {@link QuorumNotReachedException} naming the targets that did not acknowledge.
 */
final class PutOperation {

    enum State { REPLICATING, AWAITING_STRAGGLERS, DONE }

    /** What can happen to a write in flight. */
    sealed interface Event permits Ack, Deadline {
    }

    record Ack(NodeId from) implements Event {
    }

    record Deadline() implements Event {
    }

    private final long id;
    private final Key key;
    private final List<Versioned<Value>> siblings;
    private final Context newVersion;
    private final PreferenceList preferenceList;
    private final List<Replica> targets;
    private final Set<NodeId> pendingSilent = new HashSet<>();
    private final WriteTally tally;
    private final CompletableFuture<Context> answer;
    private final CoordinatorServices services;
    private State state = State.REPLICATING;
    private Scheduler.Cancellable deadline;

    /** A write of {@code key} whose coordinator now holds {@code siblings}, the new version's context {@code newVersion}. */
    PutOperation(long id, Write write, PreferenceList preferenceList, int w, CompletableFuture<Context> answer,
                 CoordinatorServices services) {
        this.id = id;
        this.key = write.key();
        this.siblings = write.siblings();
        this.newVersion = write.newVersion();
        this.preferenceList = preferenceList;
        this.targets = preferenceList.targets(services::reachable);
        for (NodeId p : write.pending()) {
            if (!p.equals(services.self()) && targets.stream().noneMatch(t -> t.node().equals(p))) {
                pendingSilent.add(p);
            }
        }
        this.tally = new WriteTally(w, targets.stream().map(Replica::node).toList());
        this.answer = answer;
        this.services = services;
    }

    /**
     * The write as the coordinator stored it, and the nodes that must also get it because a transfer
     * is making them replicas (they do not count towards W; one that stays silent gets a hint).
     */
    record Write(Key key, List<Versioned<Value>> siblings, Context newVersion, List<NodeId> pending) {
        Write {
            pending = List.copyOf(pending);
        }

        Write(Key key, List<Versioned<Value>> siblings, Context newVersion) {
            this(key, siblings, newVersion, List.of());
        }
    }

    State state() {
        return state;
    }

    /** Counts the local copy, sends the others, sets the deadline. */
    void start(long timeoutMillis) {
        for (Replica target : targets) {
            if (target.node().equals(services.self())) {
                handle(new Ack(services.self()));
            } else if (target instanceof Replica.Fallback f) {
                services.endpoint().send(f.node(), new ReplicationMessage.HintedWrite(id, f.intendedFor(), key, siblings));
            } else {
                services.endpoint().send(target.node(), new ReplicationMessage.Write(id, key, siblings));
            }
        }
        for (NodeId p : pendingSilent) {
            services.endpoint().send(p, new ReplicationMessage.Write(id, key, siblings));
        }
        if (state != State.DONE) {
            deadline = services.scheduler().schedule(timeoutMillis, () -> handle(new Deadline()));
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
        if (event instanceof Ack ack) {
            if (!ack.from().equals(services.self())) {
                services.health().heard(ack.from());
            }
            pendingSilent.remove(ack.from());
            Decision d = tally.ack(ack.from());
            if (state == State.REPLICATING && d == Decision.SUCCEEDED) {
                answer.complete(newVersion);
                state = State.AWAITING_STRAGGLERS;
            }
            // Finished once every target answered, but never before the client got its answer: when
            // the coordinator is its own only target, its ack settles a tally that cannot reach W,
            // and start() then answers the failure.
            if (state == State.AWAITING_STRAGGLERS && tally.settled() && pendingSilent.isEmpty()) {
                finish();
            }
        } else if (event instanceof Deadline) {
            if (state == State.REPLICATING) {
                answer.completeExceptionally(new QuorumNotReachedException("put", tally.required(), tally.acks(),
                        Missing.of(tally.missing(), preferenceList, targets)));
            }
            tally.missing().forEach(services.health()::missed);
            handOffForSilentPrimaries();
            pendingSilent.forEach(p -> services.hints().keep(p, key, siblings));
            finish();
        } else {
            throw new IllegalArgumentException("unknown put event " + event);
        }
    }

    /**
     * Sloppy quorum for a primary that did not acknowledge: its copy goes to the next reachable
     * fallback not yet used by this write, with a hint naming it; when no such peer is left the
     * coordinator keeps the hint itself. Fire and forget: if that fails too, read repair and
     * anti-entropy remain.
     */
    private void handOffForSilentPrimaries() {
        Set<NodeId> used = new HashSet<>();
        targets.forEach(t -> used.add(t.node()));
        List<NodeId> spare = new ArrayList<>();
        for (NodeId f : preferenceList.fallbacks()) {
            if (!used.contains(f) && services.reachable(f) && !f.equals(services.self())) {
                spare.add(f);
            }
        }
        for (Replica target : targets) {
            if (target instanceof Replica.Primary p && !tally.hasAcked(p.node())) {
                if (spare.isEmpty()) {
                    services.hints().keep(p.node(), key, siblings);
                } else {
                    services.endpoint().send(spare.remove(0), new ReplicationMessage.HintedWrite(0, p.node(), key, siblings));
                }
            }
        }
    }

    private void finish() {
        state = State.DONE;
        if (deadline != null) {
            deadline.cancel();
        }
    }
}
