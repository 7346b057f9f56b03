package io.dynacart.store.coordinator;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.QuorumNotReachedException;
import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.PreferenceList;
import io.dynacart.store.ring.Replica;
import io.dynacart.store.time.Scheduler;
import io.dynacart.store.transport.ReplicationMessage;
import io.dynacart.store.versioning.Versioned;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One read: ask the key's N primaries (those believed unreachable too, each with a fallback beside
 * it), give each that stays silent past its replica wait a stand-in from the extended preference list
 * (its reply counts towards R, like a write's hinted copy; a stand-in's reply that comes while its
 * primary may still answer is merged but counted only once that primary replied or its wait is over,
 * so that an empty fallback does not outvote a replica that is merely a round trip away), answer after R replies
 * with the reconciliation of all replies so far, keep listening (without stand-ins: the answer is
 * given) until every node asked replied or the deadline, then repair the primaries whose reply lacked a version
 * (read repair, paper section 5). The answer says when no primary of the key replied
 * ({@link GetResult#fallbacksOnly()}): what fallbacks hold is all the read could see; and which
 * primary replied first ({@link GetResult#fastestReplica()}), where a client sends its next put.
 *
 * <pre>
 *   READING ──R replies──► COLLECTING ──all replied or failed──► DONE (repair)
 *     │ ▲ a wait ends, a node is unreachable      │                ▲
 *     └─┘ or answers that it failed:               └── deadline ────┤
 *         stand-ins asked                                           │
 *     └──── deadline, or R impossible ─────────────────────────────►┘
 * </pre>
 * Legal successors: READING → COLLECTING | DONE; COLLECTING → DONE; DONE is final. The loops are
 * events handled within a state, not moves. The answer is given on leaving READING: the
 * reconciliation on entering COLLECTING, or, on entering DONE straight from READING,
 * {@link QuorumNotReachedException} naming the nodes that did not reply. A replica whose storage
 * failed says so ({@link ReplicationMessage.ReplicaFailed}), and so does this node's own storage when
 * it throws: either counts as failed at once, so a read that cannot make R fails then rather than
 * at its deadline.
 */
final class GetOperation implements Operation {

    private static final Logger LOG = LoggerFactory.getLogger(GetOperation.class);

    enum State {
        READING, COLLECTING, DONE;

        Set<State> successors() {
            return switch (this) {
                case READING -> EnumSet.of(COLLECTING, DONE);
                case COLLECTING -> EnumSet.of(DONE);
                case DONE -> EnumSet.noneOf(State.class);
            };
        }
    }

    sealed interface Event permits Reply, WaitOver, Unreachable, ReplicaFailed, Deadline {
    }

    record Reply(NodeId from, List<Versioned<Value>> siblings) implements Event {
    }

    record WaitOver() implements Event {
    }

    record Unreachable(NodeId peer) implements Event {
    }

    /** {@code from} answered that it could not read the key: it will not reply. */
    record ReplicaFailed(NodeId from) implements Event {
    }

    record Deadline() implements Event {
    }

    private final long id;
    private final Key key;
    private final PreferenceList preferenceList;
    private final StandIns standIns;
    private final AskedReplicas asked = new AskedReplicas();
    /** Each fallback asked, and the primary it stands in for. */
    private final Map<NodeId, NodeId> standsFor = new HashMap<>();
    private final ReadTally tally;
    private final CompletableFuture<GetResult> answer;
    private final Support support;
    private State state = State.READING;
    /** The primary whose reply came first: where the client should send the put after this read (6.4). */
    private NodeId fastestPrimary;
    private Scheduler.Cancellable deadline;
    private Scheduler.Cancellable waitTimer;
    /** Set when the deadline passed or R became impossible: DONE then counts the silent as missed. */
    private boolean gaveUp;

    GetOperation(long id, Key key, PreferenceList preferenceList, AnswersNeeded r, CompletableFuture<GetResult> answer,
                 Support support) {
        this.id = id;
        this.key = key;
        this.preferenceList = preferenceList;
        StandIns all = StandIns.forRead(preferenceList, support.env()::reachable);
        this.standIns = r.zoned() ? all.preferring(r::counts) : all;
        standIns.first().forEach(this::noteStandIn);
        this.tally = new ReadTally(r.required(), r::counts, standIns.first().stream().map(Replica::node).toList(),
                standIns.left(r::counts));
        this.answer = answer;
        this.support = support;
    }

    State state() {
        return state;
    }

    @Override
    public void answer(NodeId from, ReplicationMessage message) {
        if (message instanceof ReplicationMessage.ReadReply reply) {
            handle(new Reply(from, reply.siblings()));
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

    /** Asks the first targets (reading locally when this node is one), sets the deadline and the waits. */
    void start(long timeoutMillis) {
        deadline = support.env().scheduler().schedule(timeoutMillis, () -> handle(new Deadline()));
        long now = support.now();
        standIns.first().forEach(target -> asked.asked(target, now)); // all of them count as asked from now
        for (Replica target : standIns.first()) {
            ask(target);
        }
        if (tally.decision() == Decision.FAILED) {
            handle(new Deadline());
        }
        armWait();
    }

    private void ask(Replica target) {
        CoordinatorEnvironment env = support.env();
        asked.asked(target, support.now());
        if (target.node().equals(env.self())) {
            List<Versioned<Value>> local;
            try {
                local = ReplicaHandler.localSiblings(env, key, preferenceList.primaries().contains(env.self()));
            } catch (RuntimeException e) {
                LOG.warn("{}: cannot read {}: {}", env.self(), key, e.toString());
                handle(new ReplicaFailed(env.self()));
                return;
            }
            handle(new Reply(env.self(), local));
        } else {
            env.endpoint().send(target.node(), new ReplicationMessage.Read(id, key));
        }
    }

    /** Where events enter; every move between states goes through {@link #moveTo}. */
    void handle(Event event) {
        if (state == State.DONE) {
            return;
        }
        if (event instanceof Reply reply) {
            onReply(reply);
        } else if (event instanceof WaitOver) {
            waitTimer = null;
            if (state == State.READING) {
                asked.overdue(support.now(), tally::hasReplied, n -> support.waitEnds(n, asked.sentAt(n)))
                        .forEach(this::givenUp);
            }
        } else if (event instanceof Unreachable u) {
            asked.giveUp(u.peer()).ifPresent(silent -> {
                tally.fail(u.peer());
                givenUp(silent);
            });
        } else if (event instanceof ReplicaFailed f) {
            tally.fail(f.from()); // whether or not it was given up on already: it will not reply
            asked.giveUp(f.from()).ifPresent(this::givenUp);
        } else if (event instanceof Deadline) {
            giveUp();
            return;
        } else {
            throw new IllegalArgumentException("unknown get event " + event);
        }
        afterEvent();
    }

    private void onReply(Reply reply) {
        if (!reply.from().equals(support.env().self())) {
            support.heard(reply.from(), asked.sentAt(reply.from()));
        }
        if (fastestPrimary == null && preferenceList.primaries().contains(reply.from())) {
            fastestPrimary = reply.from();
        }
        NodeId primary = standsFor.get(reply.from());
        if (primary != null && !asked.replaced(primary) && !tally.hasReplied(primary)) {
            tally.hold(reply.from(), reply.siblings());
        } else {
            tally.reply(reply.from(), reply.siblings());
        }
        releaseStandInsFor(reply.from());
    }

    /**
     * {@code primary} replied: a stand-in's reply held for it counts from now on. It was held so that
     * an empty fallback could not answer the read before a replica merely a round trip away; that
     * replica's versions are in now, so the stand-in's reply is one more node's, as for any stand-in.
     * (Holding it on would leave a read that reached R nodes short of R.)
     */
    private void releaseStandInsFor(NodeId primary) {
        standsFor.forEach((standIn, intended) -> {
            if (intended.equals(primary)) {
                tally.release(standIn);
            }
        });
    }

    /**
     * {@code silent} stays silent past its wait, or cannot be reached: the stand-ins already asked for
     * it count from now on; if it had none, the next one is asked.
     */
    private void givenUp(Replica silent) {
        List<NodeId> mine = standsFor.entrySet().stream().filter(e -> e.getValue().equals(silent.node()))
                .map(Map.Entry::getKey).toList();
        if (mine.isEmpty()) {
            standIn(silent);
        } else {
            mine.forEach(tally::release);
        }
    }

    private void standIn(Replica silent) {
        standIns.standInFor(silent).ifPresent(r -> {
            noteStandIn(r);
            tally.ask(r.node());
            ask(r);
        });
    }

    private void noteStandIn(Replica r) {
        if (r instanceof Replica.Fallback f) {
            standsFor.put(f.node(), f.intendedFor());
        }
    }

    private void afterEvent() {
        if (state == State.DONE) {
            return;
        }
        if (state == State.READING) {
            topUp();
            Decision d = tally.decision();
            if (d == Decision.SUCCEEDED) {
                moveTo(State.COLLECTING);
            } else if (d == Decision.FAILED) {
                giveUp();
                return;
            }
        }
        if (state == State.COLLECTING && tally.settled()) {
            moveTo(State.DONE);
            return;
        }
        armWait();
    }

    /**
     * When the nodes still to reply could not make R even if all did (for a local quorum: the nodes of
     * its zone), asks stand-ins now.
     */
    private void topUp() {
        while (tally.decision() == Decision.PENDING && tally.replies() + outstanding() < tally.required()
                && standIns.left(tally::counts) > 0) {
            standIn(new Replica.Primary(preferenceList.primaries().get(0)));
        }
    }

    /** Nodes asked whose reply would count and that may still give it. */
    private int outstanding() {
        return (int) asked.all().stream().map(Replica::node)
                .filter(n -> tally.counts(n) && !tally.counted(n) && !asked.replaced(n)).count();
    }

    private void armWait() {
        if (waitTimer != null || state != State.READING) {
            return;
        }
        OptionalLong next = asked.nextWaitEnd(tally::hasReplied, n -> support.waitEnds(n, asked.sentAt(n)));
        if (next.isPresent()) {
            long delay = Math.max(0, next.getAsLong() - support.now());
            waitTimer = support.env().scheduler().schedule(delay, () -> handle(new WaitOver()));
        }
    }

    /** The deadline passed, or R became impossible. */
    private void giveUp() {
        gaveUp = true;
        moveTo(State.DONE);
    }

    private boolean anyPrimaryReplied() {
        return preferenceList.primaries().stream().anyMatch(tally::hasReplied);
    }

    /** Every transition, with what entering the new state does. */
    void moveTo(State next) {
        if (!state.successors().contains(next)) {
            throw new IllegalStateException("get " + id + " cannot go from " + state + " to " + next);
        }
        State left = state;
        state = next;
        switch (next) {
            case COLLECTING -> answer.complete(GetResult.of(key, tally.merged(), !anyPrimaryReplied())
                    .withFastestReplica(fastestPrimary));
            case DONE -> {
                if (left == State.READING) {
                    answer.completeExceptionally(new QuorumNotReachedException("get", tally.required(), tally.replies(),
                            Missing.of(tally.missing(), preferenceList, asked.all())));
                }
                if (gaveUp) {
                    tally.missing().forEach(support.env().health()::missed);
                }
                if (deadline != null) {
                    deadline.cancel();
                }
                if (waitTimer != null) {
                    waitTimer.cancel();
                }
                repairStaleReplicas();
            }
            default -> throw new IllegalStateException("no transition enters " + next);
        }
    }

    /** Read repair: the primaries whose reply lacked a version of the merge get it. */
    private void repairStaleReplicas() {
        List<Versioned<Value>> merged = tally.merged();
        for (NodeId stale : tally.staleReplicas()) {
            if (!preferenceList.primaries().contains(stale)) {
                continue; // a fallback holds hints, not the key: its copy goes home by handoff
            }
            if (stale.equals(support.env().self())) {
                support.env().storage().mergeNoWait(key, merged, false); // a repair: nothing waits for the disk
            } else {
                support.env().endpoint().send(stale, new ReplicationMessage.Repair(key, merged));
            }
        }
    }
}
