package io.dynacart.store.coordinator;

import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.QuorumNotReachedException;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.time.Scheduler;
import io.dynacart.store.transport.ReplicationMessage;
import io.dynacart.store.versioning.Context;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A put that arrived at a node outside the key's first N, handed to a reachable primary, which
 * accepts it at once ({@code ForwardPutAccepted}) and coordinates it: the version's clock then grows
 * by a replica's counter. A primary that shows no sign of life within {@value #ACCEPT_WAITS} replica waits, or that the
 * transport cannot reach, is counted as missed, and the put is <em>taken over</em>: this node
 * coordinates it itself, standing in for that primary, with hints (the paper's "always writeable",
 * section 4.6). So is a put whose primary accepted but failed, or has not succeeded within half the
 * request timeout: a primary that accepts may still be cut off from every other replica, while
 * this node reaches them; that primary is then asked like any other replica, and whichever write
 * succeeds first answers. (Should both succeed, the key holds the value twice, as two siblings with
 * one value: a retried write, which the next read-modify-write folds.) With fallback
 * coordination off, the next primary is asked instead (at most {@value #MAX_ATTEMPTS}), and the put
 * fails when none accepts.
 *
 * <pre>
 *   AWAITING_ACCEPT ──accepted──► AWAITING_OUTCOME ──done / refused / deadline──► DONE
 *     │  │  │  ▲                    └── failed, or out of patience ──► TAKEN_OVER ──answered──► DONE
 *     │  │  │  └─ no sign of life, next primary (fallback coordination off)
 *     │  │  └── done / failed / refused (the accept was lost), or deadline ──► DONE
 *     │  └──── no sign of life, no primary left (fallback coordination off) ──► DONE
 *     └─────── no sign of life (fallback coordination on) ──► TAKEN_OVER
 * </pre>
 * Legal successors: AWAITING_ACCEPT → AWAITING_ACCEPT | AWAITING_OUTCOME | TAKEN_OVER | DONE;
 * AWAITING_OUTCOME → TAKEN_OVER | DONE; TAKEN_OVER → DONE; DONE is final. Entering AWAITING_ACCEPT
 * asks the next primary; entering TAKEN_OVER starts the write this node coordinates, and TAKEN_OVER
 * is left once the put is answered: by that write, or by the primary's success should it come first.
 */
final class ForwardedPut implements Operation {

    /** Primaries asked at most when fallback coordination is off. */
    static final int MAX_ATTEMPTS = 2;

    /**
     * How many replica waits a primary has to accept: more than a write's replica has to acknowledge,
     * because a put taken over from a primary that was merely slow is written twice (two siblings, one
     * value), while a replica replaced too early costs only a hint.
     */
    static final int ACCEPT_WAITS = 2;

    /** The share of the request timeout a primary that accepted has to succeed before the put is taken over. */
    static final int PATIENCE_DIVISOR = 2;

    enum State {
        AWAITING_ACCEPT, AWAITING_OUTCOME, TAKEN_OVER, DONE;

        Set<State> successors() {
            return switch (this) {
                case AWAITING_ACCEPT -> EnumSet.of(AWAITING_ACCEPT, AWAITING_OUTCOME, TAKEN_OVER, DONE);
                case AWAITING_OUTCOME -> EnumSet.of(TAKEN_OVER, DONE);
                case TAKEN_OVER -> EnumSet.of(DONE);
                case DONE -> EnumSet.noneOf(State.class);
            };
        }
    }

    sealed interface Event permits Accepted, Done, Failed, Refused, WaitOver, Unreachable, Patience, Deadline,
            Answered {
    }

    record Accepted(NodeId from) implements Event {
    }

    record Done(NodeId from, ReplicationMessage.ForwardPutDone reply) implements Event {
    }

    record Failed(NodeId from, ReplicationMessage.ForwardPutFailed reply) implements Event {
    }

    /** The primary refused the put before writing anything (see {@link Refusals}): no one else is asked. */
    record Refused(NodeId from, ReplicationMessage.ForwardPutRefused reply) implements Event {
    }

    /** The wait for the primary asked to accept is over. */
    record WaitOver() implements Event {
    }

    /** The transport could not connect to {@code peer}: if this put waits for it, that attempt failed. */
    record Unreachable(NodeId peer) implements Event {
    }

    /** The primary accepted a while ago and has not answered: time to take the put over. */
    record Patience() implements Event {
    }

    /** The request timeout passed. */
    record Deadline() implements Event {
    }

    /** The put was answered by the write this node coordinates after taking it over. */
    record Answered() implements Event {
    }

    private final ReplicationMessage.ForwardPut forward;
    private final List<NodeId> candidates;
    private final List<NodeId> tried = new ArrayList<>();
    private final CompletableFuture<Context> answer;
    private final Support support;
    private final TakeOver takeOver;
    private State state = State.AWAITING_ACCEPT;
    private long startedAt;
    private long sentAt;
    private Scheduler.Cancellable timer;
    /** The primary whose place a take-over stands in for; null when that primary is alive. */
    private NodeId silent;

    /** Coordinates the put here, standing in for {@code silent} (null: for a primary believed unreachable), within {@code budgetMillis}. */
    @FunctionalInterface
    interface TakeOver {
        void coordinate(NodeId silent, long budgetMillis);
    }

    ForwardedPut(ReplicationMessage.ForwardPut forward, List<NodeId> candidates, CompletableFuture<Context> answer,
                 Support support, TakeOver takeOver) {
        this.forward = forward;
        this.candidates = new ArrayList<>(candidates);
        this.answer = answer;
        this.support = support;
        this.takeOver = takeOver;
    }

    /** Whether {@code node} was asked to coordinate this put (its answer counts, even late). */
    boolean asked(NodeId node) {
        return tried.contains(node);
    }

    State state() {
        return state;
    }

    @Override
    public void answer(NodeId from, ReplicationMessage message) {
        if (!asked(from)) {
            return;
        }
        if (message instanceof ReplicationMessage.ForwardPutAccepted) {
            handle(new Accepted(from));
        } else if (message instanceof ReplicationMessage.ForwardPutDone done) {
            handle(new Done(from, done));
        } else if (message instanceof ReplicationMessage.ForwardPutFailed failed) {
            handle(new Failed(from, failed));
        } else if (message instanceof ReplicationMessage.ForwardPutRefused refused) {
            handle(new Refused(from, refused));
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

    /** Asks the first primary (what entering AWAITING_ACCEPT does; the put starts in it). */
    void start() {
        startedAt = support.now();
        sendToNext();
    }

    private void sendToNext() {
        NodeId next = candidates.remove(0);
        tried.add(next);
        sentAt = support.now();
        support.env().endpoint().send(next, forward);
        arm(ACCEPT_WAITS * support.replyTimes().waitFor(next), new WaitOver());
    }

    /** Where events enter; every move between states goes through {@link #moveTo}. */
    void handle(Event event) {
        if (state == State.DONE || state == State.TAKEN_OVER && !(event instanceof Done || event instanceof Answered)) {
            return;
        }
        if (event instanceof Accepted a) {
            if (state == State.AWAITING_ACCEPT && a.from().equals(current())) {
                heard(a.from());
                moveTo(State.AWAITING_OUTCOME);
            }
        } else if (event instanceof Answered) {
            moveTo(State.DONE);
        } else if (event instanceof Done done) {
            heard(done.from());
            answer.complete(done.reply().context());
            moveTo(State.DONE);
        } else if (event instanceof Failed failed) {
            heard(failed.from());
            if (support.config().sloppy().fallbackCoordinates() && left() > 0) {
                takeOverFrom(null);
                return;
            }
            ReplicationMessage.ForwardPutFailed f = failed.reply();
            answer.completeExceptionally(new QuorumNotReachedException("put", f.required(), f.answered(), f.missing()));
            moveTo(State.DONE);
        } else if (event instanceof Refused refused) {
            heard(refused.from());
            answer.completeExceptionally(Refusals.toException(refused.reply()));
            moveTo(State.DONE);
        } else if (event instanceof Patience) {
            takeOverFrom(null);
        } else if (event instanceof WaitOver || event instanceof Unreachable) {
            if (state != State.AWAITING_ACCEPT
                    || event instanceof Unreachable u && !u.peer().equals(current())) {
                return;
            }
            noSignOfLife();
        } else if (event instanceof Deadline) {
            answer.completeExceptionally(new QuorumNotReachedException("put", required(), 0, tried));
            moveTo(State.DONE);
        } else {
            throw new IllegalArgumentException("unknown forwarded put event " + event);
        }
    }

    /** The primary asked did not accept in time: take the put over, or ask the next primary. */
    private void noSignOfLife() {
        NodeId silent = current();
        support.env().health().missed(silent);
        if (support.config().sloppy().fallbackCoordinates()) {
            takeOverFrom(silent);
        } else if (!candidates.isEmpty() && tried.size() < MAX_ATTEMPTS) {
            moveTo(State.AWAITING_ACCEPT);
        } else {
            answer.completeExceptionally(new QuorumNotReachedException("put", required(), 0, tried));
            moveTo(State.DONE);
        }
    }

    /** The W the put asked for; a local W, whose count only its coordinator works out, needs at least 1. */
    private int required() {
        return forward.quorum().w() == Quorum.LOCAL ? 1 : forward.quorum().w();
    }

    /** {@code silent}: the primary that showed no sign of life, whose place this node takes; null when it is alive. */
    private void takeOverFrom(NodeId silent) {
        this.silent = silent;
        moveTo(State.TAKEN_OVER);
    }

    /** What is left of the request timeout. */
    private long left() {
        return startedAt + support.config().timeoutMillis() - support.now();
    }

    private NodeId current() {
        return tried.get(tried.size() - 1);
    }

    private void heard(NodeId from) {
        support.heard(from, from.equals(current()) && state == State.AWAITING_ACCEPT ? sentAt : -1);
    }

    private void arm(long delayMillis, Event event) {
        cancelTimer();
        timer = support.env().scheduler().schedule(delayMillis, () -> handle(event));
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    /** Every transition, with what entering the new state does. */
    void moveTo(State next) {
        if (!state.successors().contains(next)) {
            throw new IllegalStateException("forwarded put " + forward.requestId() + " cannot go from " + state
                    + " to " + next);
        }
        cancelTimer();
        state = next;
        switch (next) {
            case AWAITING_ACCEPT -> sendToNext();
            case AWAITING_OUTCOME -> {
                if (support.config().sloppy().fallbackCoordinates()) {
                    arm(Math.max(1, startedAt + support.config().timeoutMillis() / PATIENCE_DIVISOR - support.now()),
                            new Patience());
                } else {
                    // the primary answers by its own deadline, which began a little after ours: allow it a round trip
                    arm(Math.max(1, left() + support.replyTimes().waitFor(current())), new Deadline());
                }
            }
            case TAKEN_OVER -> {
                takeOver.coordinate(silent, Math.max(1, left()));
                // The answer is completed on the event loop only (callers wait on copies); its news comes back
                // through the loop, so that a primary's success handled meanwhile finds the put DONE already.
                answer.whenComplete((context, error) -> support.env().scheduler().execute(() -> handle(new Answered())));
            }
            case DONE -> { } // the answer is given; the timer is cancelled
            default -> throw new IllegalStateException("no transition enters " + next);
        }
    }
}
