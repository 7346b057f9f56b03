package io.dynacart.store.coordinator;

import io.dynacart.store.api.QuorumNotReachedException;
import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.PreferenceList;
import io.dynacart.store.ring.Replica;
import io.dynacart.store.storage.Durability;
import io.dynacart.store.storage.Merged;
import io.dynacart.store.time.Scheduler;
import io.dynacart.store.transport.ReplicationMessage;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.Versioned;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One write, after the coordinator stored the new version (as its own replica, or as a hint when it
 * stands in for a primary): send the coordinator's whole sibling set to the other first targets,
 * answer after W acknowledgements from distinct nodes, and, until then, give every target that stays
 * silent past its replica wait a stand-in ({@link StandIns}) whose acknowledgement counts: the sloppy
 * quorum of the paper's section 4.6. Once W acknowledged, a slow target is only waited for (it has
 * the write on its way; a stand-in would cost a hint and its delivery for nothing when it is merely
 * slow, which a loaded node often is); one the transport reports unreachable still gets a stand-in
 * at once, and one still silent at the deadline gets the coordinator's own hint. While a transfer is under way the write also goes to the nodes becoming
 * replicas ({@link Write#pending()}): not counted towards W, given a hint kept here if silent at the
 * deadline.
 *
 * <pre>
 *   REPLICATING ──W acks (the durable copy among them)──► AWAITING_STRAGGLERS ──all acked or failed──► DONE
 *     │ ▲ a wait ends, a node is unreachable or        │ ▲ a node is unreachable: its stand-in asked   ▲
 *     └─┘ answers that it failed: stand-ins asked       └─┘                                             │
 *     │                                                 └──────────── deadline ─────────────────────────┤
 *     └──────── deadline, or W impossible ──────────────────────────────────────────────────────────────┘
 * </pre>
 * Legal successors: REPLICATING → AWAITING_STRAGGLERS | DONE; AWAITING_STRAGGLERS → DONE; DONE is
 * final. The loops are events handled within a state, not moves. The answer is given on leaving
 * REPLICATING: success with the new version's context on entering AWAITING_STRAGGLERS, or, on
 * entering DONE straight from REPLICATING, {@link QuorumNotReachedException} naming the nodes that did
 * not acknowledge. A replica whose storage failed says so ({@link ReplicationMessage.ReplicaFailed}):
 * it counts as failed at once, like one the transport cannot reach, so a write that cannot make W
 * fails then rather than at its deadline. At DONE, a primary that neither acknowledged nor had a
 * stand-in acknowledge for it gets a hint kept by the coordinator.
 *
 * <p>The coordinator's own copy counts once it is durable ({@link Write#local()}), which it hears on
 * the event loop without waiting for the disk; it gets no stand-in for being slow, only for failing.
 * In {@link Durability#ONE} mode that copy is the put's one durable replica (paper, section 6.1):
 * success needs W acknowledgements with it among them, or, should it fail, the acknowledgement of a
 * stand-in asked for it, which is asked to force the write too ({@link DurableCopy}).
 */
final class PutOperation implements Operation {

    enum State {
        REPLICATING, AWAITING_STRAGGLERS, DONE;

        Set<State> successors() {
            return switch (this) {
                case REPLICATING -> EnumSet.of(AWAITING_STRAGGLERS, DONE);
                case AWAITING_STRAGGLERS -> EnumSet.of(DONE);
                case DONE -> EnumSet.noneOf(State.class);
            };
        }
    }

    /** What can happen to a write in flight. */
    sealed interface Event permits Ack, WaitOver, Unreachable, ReplicaFailed, Deadline {
    }

    record Ack(NodeId from) implements Event {
    }

    /** A replica wait may have ended: silent nodes get stand-ins. */
    record WaitOver() implements Event {
    }

    /** The transport cannot reach {@code peer}: if this write waits for it, it gets a stand-in now. */
    record Unreachable(NodeId peer) implements Event {
    }

    /** {@code from} answered that it could not store the write: it will not acknowledge. */
    record ReplicaFailed(NodeId from) implements Event {
    }

    record Deadline() implements Event {
    }

    /**
     * The write as the coordinator stored it, the nodes that must also get it because a transfer
     * is making them replicas (they do not count towards W; one that stays silent gets a hint), and
     * the coordinator's own copy, which counts once durable.
     */
    record Write(Key key, List<Versioned<Value>> siblings, Context newVersion, List<NodeId> pending, Merged local) {
        Write {
            pending = List.copyOf(pending);
        }
    }

    private final long id;
    private final Write write;
    private final PreferenceList preferenceList;
    private final StandIns standIns;
    private final AskedReplicas asked = new AskedReplicas();
    private final Set<NodeId> pendingSilent = new HashSet<>();
    private final WriteTally tally;
    private final CompletableFuture<Context> answer;
    private final Support support;
    private final DurableCopy durable;
    private State state = State.REPLICATING;
    private Scheduler.Cancellable deadline;
    private Scheduler.Cancellable waitTimer;
    /** Set when the deadline passed or W became impossible: DONE then counts the silent as missed. */
    private boolean gaveUp;

    PutOperation(long id, Write write, PreferenceList preferenceList, StandIns standIns, AnswersNeeded w,
                 CompletableFuture<Context> answer, Support support) {
        this.id = id;
        this.write = write;
        this.preferenceList = preferenceList;
        this.standIns = standIns;
        NodeId self = support.env().self();
        for (NodeId p : write.pending()) {
            if (!p.equals(self) && standIns.first().stream().noneMatch(t -> t.node().equals(p))) {
                pendingSilent.add(p);
            }
        }
        this.tally = new WriteTally(w.required(), w::counts, standIns.first().stream().map(Replica::node).toList(),
                standIns.left(w::counts));
        this.answer = answer;
        this.support = support;
        this.durable = support.env().storage().durability() == Durability.ONE ? DurableCopy.at(self)
                : DurableCopy.NOT_NEEDED;
    }

    State state() {
        return state;
    }

    @Override
    public void answer(NodeId from, ReplicationMessage message) {
        if (message instanceof ReplicationMessage.WriteAck) {
            handle(new Ack(from));
        } else if (message instanceof ReplicationMessage.ReplicaFailed) {
            handle(new ReplicaFailed(from));
        }
    }

    @Override
    public void unreachable(NodeId peer) {
        handle(new Unreachable(peer));
    }

    @Override
    public boolean finished() {
        return state == State.DONE;
    }

    /** Counts the local copy, sends the others, sets the deadline and the replica waits. */
    void start(long timeoutMillis) {
        deadline = support.env().scheduler().schedule(timeoutMillis, () -> handle(new Deadline()));
        long now = support.now();
        standIns.first().forEach(target -> asked.asked(target, now)); // all of them count as asked from now
        for (Replica target : standIns.first()) {
            send(target);
        }
        for (NodeId p : pendingSilent) {
            support.env().endpoint().send(p, new ReplicationMessage.Write(id, write.key(), write.siblings(), false));
        }
        if (tally.decision() == Decision.FAILED) {
            handle(new Deadline());
        }
        armWait();
    }

    private void send(Replica target) {
        CoordinatorEnvironment env = support.env();
        asked.asked(target, support.now());
        if (target.node().equals(env.self())) {
            NodeId self = env.self();
            write.local().whenDurable(env.scheduler()::execute, () -> handle(new Ack(self)),
                    failed -> handle(new Unreachable(self))); // this node's storage failed: a stand-in, if any
        } else if (target instanceof Replica.Fallback f) {
            env.endpoint().send(f.node(), new ReplicationMessage.HintedWrite(id, f.intendedFor(), write.key(),
                    write.siblings()));
        } else {
            env.endpoint().send(target.node(), new ReplicationMessage.Write(id, write.key(), write.siblings(),
                    durable.isCopy(target.node())));
        }
    }

    /** Where events enter; every move between states goes through {@link #moveTo}. */
    void handle(Event event) {
        if (state == State.DONE) {
            return;
        }
        if (event instanceof Ack ack) {
            onAck(ack.from());
        } else if (event instanceof WaitOver) {
            waitTimer = null;
            if (state == State.REPLICATING) {
                asked.overdue(support.now(), tally::hasAcked, this::waitEnds).forEach(this::standIn);
            }
        } else if (event instanceof Unreachable u) {
            pendingSilent.remove(u.peer());
            asked.giveUp(u.peer()).ifPresent(silent -> {
                tally.fail(u.peer());
                standIn(silent);
            });
        } else if (event instanceof ReplicaFailed f) {
            tally.fail(f.from()); // whether or not it was given up on already: it will not acknowledge
            asked.giveUp(f.from()).ifPresent(this::standIn);
        } else if (event instanceof Deadline) {
            giveUp();
            return;
        } else {
            throw new IllegalArgumentException("unknown put event " + event);
        }
        afterEvent();
    }

    private void onAck(NodeId from) {
        if (!from.equals(support.env().self())) {
            support.heard(from, asked.sentAt(from));
        }
        pendingSilent.remove(from);
        tally.ack(from);
    }

    /** Asks the next stand-in for {@code silent}, if one is left. */
    private void standIn(Replica silent) {
        Optional<Replica> next = standIns.standInFor(silent);
        next.ifPresent(r -> {
            tally.ask(r.node());
            durable.standIn(silent.node(), r.node());
            send(r);
        });
    }

    private void afterEvent() {
        if (state == State.DONE) {
            return;
        }
        if (state == State.REPLICATING) {
            topUp();
            Decision d = tally.decision();
            if (d == Decision.SUCCEEDED && durable.made(tally::hasAcked)) {
                moveTo(State.AWAITING_STRAGGLERS);
            } else if (d == Decision.FAILED) {
                giveUp();
                return;
            }
        }
        if (state == State.AWAITING_STRAGGLERS && tally.settled() && pendingSilent.isEmpty()) {
            moveTo(State.DONE);
            return;
        }
        armWait();
    }

    /**
     * When the nodes still to answer could not make W even if all did (too few were believed
     * reachable, or, for a local quorum, too few of them are in the zone), asks stand-ins now rather
     * than after a wait: for primaries no node was asked for.
     */
    private void topUp() {
        while (tally.decision() == Decision.PENDING && tally.acks() + outstanding() < tally.required()
                && standIns.left(tally::counts) > 0) {
            standIn(new Replica.Primary(uncoveredPrimary()));
        }
    }

    /** Nodes asked whose acknowledgement would count and that may still give it. */
    private int outstanding() {
        return (int) asked.all().stream().map(Replica::node)
                .filter(n -> tally.counts(n) && !tally.hasAcked(n) && !asked.replaced(n)).count();
    }

    /** A primary that no node asked holds a copy for, or else the first primary. */
    private NodeId uncoveredPrimary() {
        Set<NodeId> covered = new HashSet<>();
        asked.all().forEach(r -> covered.add(r instanceof Replica.Fallback f ? f.intendedFor() : r.node()));
        return preferenceList.primaries().stream().filter(p -> !covered.contains(p)).findFirst()
                .orElse(preferenceList.primaries().get(0));
    }

    private void armWait() {
        if (waitTimer != null || state != State.REPLICATING) {
            return;
        }
        OptionalLong next = asked.nextWaitEnd(tally::hasAcked, this::waitEnds);
        if (next.isPresent()) {
            long delay = Math.max(0, next.getAsLong() - support.now());
            waitTimer = support.env().scheduler().schedule(delay, () -> handle(new WaitOver()));
        }
    }

    /** When the wait for {@code node} ends; never for this node's own copy, which waits only for its disk. */
    private long waitEnds(NodeId node) {
        return node.equals(support.env().self()) ? Long.MAX_VALUE : support.waitEnds(node, asked.sentAt(node));
    }

    /** The deadline passed, or W became impossible. */
    private void giveUp() {
        gaveUp = true;
        moveTo(State.DONE);
    }

    /**
     * A primary that did not acknowledge, and for which no stand-in did, would miss this write until
     * anti-entropy: the coordinator keeps its copy as a hint. (Read repair and anti-entropy remain
     * should this node fail too.)
     */
    private void keepHintsForPrimariesWithoutCopy() {
        Set<NodeId> covered = new HashSet<>();
        for (Replica r : asked.all()) {
            if (tally.hasAcked(r.node())) {
                covered.add(r instanceof Replica.Fallback f ? f.intendedFor() : r.node());
            }
        }
        for (NodeId primary : preferenceList.primaries()) {
            if (!covered.contains(primary) && !primary.equals(support.env().self())) {
                support.env().hints().keep(primary, write.key(), write.siblings());
            }
        }
    }

    /** Every transition, with what entering the new state does. */
    void moveTo(State next) {
        if (!state.successors().contains(next)) {
            throw new IllegalStateException("put " + id + " cannot go from " + state + " to " + next);
        }
        State left = state;
        state = next;
        switch (next) {
            case AWAITING_STRAGGLERS -> answer.complete(write.newVersion());
            case DONE -> {
                if (left == State.REPLICATING) {
                    answer.completeExceptionally(new QuorumNotReachedException("put", tally.required(), tally.acks(),
                            Missing.of(tally.missing(), preferenceList, asked.all())));
                }
                if (gaveUp) {
                    tally.missing().forEach(support.env().health()::missed);
                    pendingSilent.forEach(p -> support.env().hints().keep(p, write.key(), write.siblings()));
                }
                keepHintsForPrimariesWithoutCopy();
                if (deadline != null) {
                    deadline.cancel();
                }
                if (waitTimer != null) {
                    waitTimer.cancel();
                }
            }
            default -> throw new IllegalStateException("no transition enters " + next);
        }
    }
}
