package io.dynacart.store.handoff;

import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.storage.Merged;
import io.dynacart.store.time.Scheduler;
import io.dynacart.store.transport.TransferMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving side of one partition's transfer (paper, section 4.9): pulls the partition from
 * one source at a time, one chunk in flight, and merges each chunk into storage with
 * {@code Storage.mergeNoWait} (syntactic reconciliation, so what this node already holds, and writes
 * the coordinator sends here meanwhile, are never overwritten) before asking for the next.
 *
 * <pre>
 *   NEW ──start──▶ PACING ──budget──▶ REQUESTING ──last chunk merged, no sweep left──▶ SYNCING ──all durable──▶ DONE
 *                    ▲                    │  │                                           │
 *                    └────────────────────┘  │                                           └──the disk failed──┐
 *          chunk merged, request missed / refused (same source again, or the next),                        ▼
 *          or the last chunk of a pass merged with a sweep left (its first chunk next)
 *                                            └──every source missed or refused, or storage failed──────────▶ FAILED
 * </pre>
 * Legal successors: NEW → PACING; PACING → REQUESTING; REQUESTING → PACING, SYNCING, FAILED;
 * SYNCING → DONE, FAILED; DONE and FAILED are final. Merging is not a state: it happens on the event
 * loop when the chunk arrives, so nothing can observe the transfer in the middle of it. The loop
 * never waits for the disk: DONE (after which the old owner may drop its copy) waits in SYNCING,
 * by callback, until every merge of the transfer is as durable as the storage's mode makes writes;
 * with nothing to wait for, SYNCING is left at once.
 *
 * <p>A request is missed when its chunk does not come within the timeout; after
 * {@code attemptsPerSource} misses in a row, or one refusal, the next source is asked, resuming after
 * the last key merged (the sources are all current replicas; what one lacks before the cursor is
 * anti-entropy's business, as it would be had that one been asked first). Then, when the change
 * replaces more than one primary of the partition, each of those leaving it is read whole in a pass
 * of its own ({@link Incoming#sweeps}, see {@link TransferPlan}), unless it served the first pass
 * whole; a sweep whose source misses or refuses every attempt is skipped (a node down for good must
 * not hold the ring change up), not the transfer failed. A chunk that is not the
 * answer to the request in flight (another transfer's, another source's, a late duplicate of an
 * earlier answer) or is malformed is dropped whole, and the deadline decides what happens next.
 *
 * <p>Confined to the node's event loop.
 */
final class PartitionTransfer {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionTransfer.class);

    enum State {
        NEW, PACING, REQUESTING, SYNCING, DONE, FAILED;

        Set<State> successors() {
            return switch (this) {
                case NEW -> EnumSet.of(PACING);
                case PACING -> EnumSet.of(REQUESTING);
                case REQUESTING -> EnumSet.of(PACING, SYNCING, FAILED);
                case SYNCING -> EnumSet.of(DONE, FAILED);
                case DONE, FAILED -> EnumSet.noneOf(State.class);
            };
        }
    }

    /** What the manager hears from a transfer. */
    interface Listener {
        /** A chunk of {@code keys} keys and {@code bytes} bytes was merged. */
        void merged(PartitionTransfer transfer, long keys, long bytes);

        /** The transfer reached DONE or FAILED. */
        void finished(PartitionTransfer transfer);
    }

    private final long id;
    private final PartitionId partition;
    private final TransferEnvironment env;
    private final TransferConfig config;
    private final Listener listener;
    private State state = State.NEW;
    private SourceRotation rotation;
    private Optional<Key> cursor = Optional.empty();
    /** Leaving primaries still to read whole after the first pass ({@link Incoming#sweeps}). */
    private final Deque<NodeId> sweeps;
    /** Whether the pass under way is a sweep (its source failing skips it; the first pass failing fails the transfer). */
    private boolean sweeping;
    private Scheduler.Cancellable timer;
    private long keys;
    private long bytes;
    private String failure;
    /** Completes once every merge so far is durable; null while every one was durable at once. */
    private CompletableFuture<Void> durable;
    private boolean stopped;

    PartitionTransfer(long id, Incoming incoming, TransferEnvironment env, TransferConfig config, Listener listener) {
        this.id = id;
        this.partition = incoming.partition();
        this.rotation = SourceRotation.over(incoming.sources(), config.attemptsPerSource());
        this.sweeps = new ArrayDeque<>(incoming.sweeps());
        this.env = env;
        this.config = config;
        this.listener = listener;
    }

    void start() {
        moveTo(State.PACING);
    }

    /** Merges {@code chunk} if it answers the request in flight; drops it otherwise. */
    void onChunk(NodeId from, TransferMessage.Chunk chunk) {
        if (!answersRequest(from, chunk.transferId()) || !chunk.after().equals(cursor)) {
            LOG.debug("transfer {} of {} drops a chunk from {} that answers no request in flight", id, partition, from);
            return;
        }
        Optional<String> problem = ChunkRules.problemWith(chunk, partition, cursor, env.storage().partitioner());
        if (problem.isPresent()) {
            LOG.warn("transfer {} of {} drops a chunk from {}: {}", id, partition, from, problem.get());
            return;
        }
        long chunkBytes = 0;
        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        try {
            for (TransferMessage.Entry entry : chunk.entries()) {
                Merged merged = env.storage().mergeNoWait(entry.key(), entry.siblings(), false);
                if (!merged.durableAtOnce()) {
                    waiting.add(merged.durable().toCompletableFuture());
                }
                chunkBytes += ChunkRules.sizeOf(entry.key(), entry.siblings());
            }
        } catch (RuntimeException e) {
            failure = "storage failed while merging a chunk from " + from + ": " + e;
            moveTo(State.FAILED);
            return;
        }
        keys += chunk.entries().size();
        bytes += chunkBytes;
        env.throttle().spend(chunkBytes);
        listener.merged(this, chunk.entries().size(), chunkBytes);
        if (!waiting.isEmpty()) {
            CompletableFuture<Void> chunkDurable = CompletableFuture.allOf(waiting.toArray(CompletableFuture[]::new));
            durable = durable == null ? chunkDurable : CompletableFuture.allOf(durable, chunkDurable);
        }
        cursor = chunk.next();
        rotation = rotation.afterChunk();
        if (!chunk.last()) {
            moveTo(State.PACING);
            return;
        }
        if (!sweeping && rotation.index() == 0) {
            sweeps.remove(rotation.current()); // it served the first pass whole
        }
        nextPass();
    }

    /** The next sweep's first request (the cursor back at the partition's start), or SYNCING when none is left. */
    private void nextPass() {
        NodeId next = sweeps.poll();
        if (next == null) {
            moveTo(State.SYNCING);
            return;
        }
        sweeping = true;
        cursor = Optional.empty();
        rotation = SourceRotation.over(List.of(next), config.attemptsPerSource());
        moveTo(State.PACING);
    }

    /** In SYNCING: DONE once what was merged is durable, FAILED if it never will be. */
    private void awaitDurable() {
        if (durable == null) {
            moveTo(State.DONE);
            return;
        }
        durable.whenComplete((ok, error) -> env.scheduler().execute(() -> {
            if (stopped || state != State.SYNCING) {
                return;
            }
            if (error != null) {
                failure = "merged chunks did not reach the disk: " + error;
                moveTo(State.FAILED);
            } else {
                moveTo(State.DONE);
            }
        }));
    }

    /** The source asked will not serve: ask the next one. */
    void onRefused(NodeId from, TransferMessage.Refused refused) {
        if (!answersRequest(from, refused.transferId()) || refused.partition() != partition.index()) {
            return;
        }
        LOG.info("transfer {} of {}: {} refuses ({})", id, partition, from, refused.reason());
        rotation = rotation.afterRefusal();
        retryOrFail();
    }

    /** Stops the timers; the transfer does nothing more. */
    void stop() {
        stopped = true;
        cancelTimer();
    }

    private boolean answersRequest(NodeId from, long transferId) {
        return state == State.REQUESTING && transferId == id && rotation.isCurrent(from);
    }

    private void deadlinePassed() {
        if (state != State.REQUESTING) {
            return;
        }
        LOG.debug("transfer {} of {}: {} missed a request", id, partition, rotation.current());
        rotation = rotation.afterMiss();
        retryOrFail();
    }

    private void retryOrFail() {
        if (rotation.exhausted() && sweeping) {
            LOG.info("transfer {} of {}: {} did not serve its sweep; skipped", id, partition, rotation.sources());
            nextPass();
        } else if (rotation.exhausted()) {
            failure = "no source finished the transfer; asked " + rotation.sources();
            moveTo(State.FAILED);
        } else {
            moveTo(State.PACING);
        }
    }

    /** Every transition, with what entering the new state does. */
    private void moveTo(State next) {
        if (!state.successors().contains(next)) {
            throw new IllegalStateException("transfer " + id + " of " + partition + " cannot go from " + state + " to " + next);
        }
        cancelTimer();
        state = next;
        switch (next) {
            case PACING -> timer = env.scheduler().schedule(env.throttle().waitMillis(), () -> {
                if (state == State.PACING) {
                    moveTo(State.REQUESTING);
                }
            });
            case REQUESTING -> {
                env.endpoint().send(rotation.current(),
                        new TransferMessage.ChunkRequest(id, partition.index(), cursor, config.chunkBytes()));
                timer = env.scheduler().schedule(config.requestTimeoutMillis(), this::deadlinePassed);
            }
            case SYNCING -> awaitDurable();
            case DONE, FAILED -> listener.finished(this);
            default -> throw new IllegalStateException("no transition enters " + next);
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    long id() {
        return id;
    }

    PartitionId partition() {
        return partition;
    }

    State state() {
        return state;
    }

    long keys() {
        return keys;
    }

    long bytes() {
        return bytes;
    }

    /** Why the transfer failed; null unless FAILED. */
    String failure() {
        return failure;
    }
}
