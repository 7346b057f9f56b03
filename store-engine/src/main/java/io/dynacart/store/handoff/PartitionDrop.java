package io.dynacart.store.handoff;

import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.storage.ForgottenKeys;
import io.dynacart.store.time.Scheduler;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dropping one partition this node no longer replicates (paper, section 4.9: the old owner deletes
 * what it handed over): its keys are forgotten a batch at a time ({@code Storage.forget}) off the
 * event loop, with a pause between batches, and the drop asks again before each batch whether it may
 * go on ({@link ReclaimRules}, through {@code allowed}).
 *
 * <pre>
 *   NEW ──start──▶ FORGETTING ──batch forgotten, keys left──▶ PACING ──pause over, still allowed──▶ FORGETTING
 *                    │   │   │                                  │
 *                    │   │   └──none left──▶ DONE               └──no longer allowed──▶ HALTED
 *                    │   └──no longer allowed, or halted meanwhile──▶ HALTED
 *                    └──storage failed──▶ FAILED
 * </pre>
 * Legal successors: NEW → FORGETTING, HALTED; FORGETTING → PACING, DONE, HALTED, FAILED; PACING →
 * FORGETTING, HALTED; DONE, HALTED and FAILED are final. A batch in flight is never cut short: a
 * {@link #halt} while FORGETTING takes effect when it returns, so the node knows when nothing of the
 * drop runs any more ({@link #forgetting}) before it pulls the partition again. Keys written after a
 * batch passed them stay; the {@link Reclaimer} drops them in a later drop.
 *
 * <p>Confined to the node's event loop, but for the batches, which run off it.
 */
final class PartitionDrop {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionDrop.class);

    enum State {
        NEW, FORGETTING, PACING, DONE, HALTED, FAILED;

        Set<State> successors() {
            return switch (this) {
                case NEW -> EnumSet.of(FORGETTING, HALTED);
                case FORGETTING -> EnumSet.of(PACING, DONE, HALTED, FAILED);
                case PACING -> EnumSet.of(FORGETTING, HALTED);
                case DONE, HALTED, FAILED -> EnumSet.noneOf(State.class);
            };
        }
    }

    /** What the reclaimer hears from a drop. */
    interface Listener {
        /** A batch forgot {@code keys} keys of {@code bytes} bytes. */
        void forgot(PartitionDrop drop, int keys, long bytes);

        /** The drop reached DONE, HALTED or FAILED. */
        void finished(PartitionDrop drop);
    }

    private final PartitionId partition;
    private final ReclaimEnvironment env;
    private final ReclaimConfig config;
    private final BooleanSupplier allowed;
    private final Listener listener;
    private State state = State.NEW;
    private Scheduler.Cancellable timer;
    private boolean haltAsked;
    private boolean stopped;
    private long keys;
    private long bytes;
    private String failure;

    PartitionDrop(PartitionId partition, ReclaimEnvironment env, ReclaimConfig config, BooleanSupplier allowed,
                  Listener listener) {
        this.partition = partition;
        this.env = env;
        this.config = config;
        this.allowed = allowed;
        this.listener = listener;
    }

    void start() {
        moveTo(allowed.getAsBoolean() ? State.FORGETTING : State.HALTED);
    }

    /** Stops the drop: at once between batches, once the batch in flight returns otherwise. */
    void halt() {
        if (state == State.NEW || state == State.PACING) {
            moveTo(State.HALTED);
        } else if (state == State.FORGETTING) {
            haltAsked = true;
        }
    }

    /** The node stops: no timer fires and no batch's answer is heeded any more; nothing is reported. */
    void stop() {
        stopped = true;
        cancelTimer();
    }

    private void onBatch(ForgottenKeys forgotten) {
        if (stopped || state != State.FORGETTING) {
            return;
        }
        keys += forgotten.keys().size();
        bytes += forgotten.bytes();
        listener.forgot(this, forgotten.keys().size(), forgotten.bytes());
        if (forgotten.keys().isEmpty() || forgotten.keysLeft() == 0) {
            moveTo(State.DONE);
        } else if (haltAsked || !allowed.getAsBoolean()) {
            moveTo(State.HALTED);
        } else {
            moveTo(State.PACING);
        }
    }

    private void onFailure(RuntimeException e) {
        if (stopped || state != State.FORGETTING) {
            return;
        }
        failure = e.toString();
        moveTo(State.FAILED);
    }

    /** Every transition, with what entering the new state does. */
    private void moveTo(State next) {
        if (!state.successors().contains(next)) {
            throw new IllegalStateException("the drop of " + partition + " cannot go from " + state + " to " + next);
        }
        cancelTimer();
        state = next;
        switch (next) {
            case FORGETTING -> env.offLoop().run(() -> env.storage().forget(partition, config.keysPerBatch()),
                    this::onBatch, this::onFailure);
            case PACING -> {
                double share = Math.max(Double.MIN_NORMAL, Math.min(1, env.share().getAsDouble()));
                timer = env.scheduler().schedule((long) Math.ceil(config.pauseMillis() / share), () -> {
                    if (state == State.PACING && !stopped) {
                        moveTo(allowed.getAsBoolean() ? State.FORGETTING : State.HALTED);
                    }
                });
            }
            case DONE -> {
                LOG.debug("{} dropped partition {}: {} keys, {} bytes", env.self(), partition.index(), keys, bytes);
                listener.finished(this);
            }
            case HALTED -> {
                LOG.info("{} stops dropping partition {} after {} keys: it may not be dropped now", env.self(),
                        partition.index(), keys);
                listener.finished(this);
            }
            case FAILED -> {
                LOG.warn("{} failed to drop partition {} after {} keys: {}", env.self(), partition.index(), keys,
                        failure);
                listener.finished(this);
            }
            default -> throw new IllegalStateException("no transition enters " + next);
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    PartitionId partition() {
        return partition;
    }

    State state() {
        return state;
    }

    /** Whether a batch of this drop is in flight: the partition's keys may be going right now. */
    boolean forgetting() {
        return state == State.FORGETTING;
    }

    long keys() {
        return keys;
    }

    long bytes() {
        return bytes;
    }

    /** Why the drop failed; null unless FAILED. */
    String failure() {
        return failure;
    }
}
