package io.dynacart.store.handoff;

import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.time.Scheduler;
import io.dynacart.store.transport.TransferMessage;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving side of one partition's transfer (paper, section 4.9): pulls the partition from
 * one source at a time, one chunk in flight, and merges each chunk into storage with
 * {@code Storage.merge} (syntactic reconciliation, so what this node already holds, and writes the
 * coordinator sends here meanwhile, are never overwritten) before asking for the next.
 *
 * <pre>
 *   NEW ──start──▶ PACING ──budget──▶ REQUESTING ──last chunk merged──▶ DONE
 *                    ▲                    │  │
 *                    └────────────────────┘  └──every source missed or refused, or storage failed──▶ FAILED
 *          chunk merged, or request missed / refused (same source again, or the next)
 * </pre>
 * Legal successors: NEW → PACING; PACING → REQUESTING; REQUESTING → PACING, DONE, FAILED; DONE and
 * FAILED are final. Merging is not a state: it happens on the event loop when the chunk arrives, so
 * nothing can observe the transfer in the middle of it.
 *
 * <p>A request is missed when its chunk does not come within the timeout; after
 * {@code attemptsPerSource} misses in a row, or one refusal, the next source is asked, resuming after
 * the last key merged (the sources are all current replicas; what one lacks before the cursor is
 * anti-entropy's business, as it would be had that one been asked first). A chunk that is not the
 * answer to the request in flight (another transfer's, another source's, a late duplicate of an
 * earlier answer) or is malformed is dropped whole, and the deadline decides what happens next.
 *
 * <p>Confined to the node's event loop.
 */
final class PartitionTransfer {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionTransfer.class);

    enum State {
        NEW, PACING, REQUESTING, DONE, FAILED;

        Set<State> successors() {
            return switch (this) {
                case NEW -> EnumSet.of(PACING);
                case PACING -> EnumSet.of(REQUESTING);
                case REQUESTING -> EnumSet.of(PACING, DONE, FAILED);
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
    private final TransferServices services;
    private final TransferConfig config;
    private final Listener listener;
    private State state = State.NEW;
    private SourceRotation rotation;
    private Optional<Key> cursor = Optional.empty();
    private Scheduler.Cancellable timer;
    private long keys;
    private long bytes;
    private String failure;

    PartitionTransfer(long id, Incoming incoming, TransferServices services, TransferConfig config, Listener listener) {
        this.id = id;
        this.partition = incoming.partition();
        this.rotation = SourceRotation.over(incoming.sources(), config.attemptsPerSource());
        this.services = services;
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
        Optional<String> problem = ChunkRules.problemWith(chunk, partition, cursor, services.storage().partitioner());
        if (problem.isPresent()) {
            LOG.warn("transfer {} of {} drops a chunk from {}: {}", id, partition, from, problem.get());
            return;
        }
        long chunkBytes = 0;
        try {
            for (TransferMessage.Entry entry : chunk.entries()) {
                services.storage().merge(entry.key(), entry.siblings());
                chunkBytes += ChunkRules.sizeOf(entry.key(), entry.siblings());
            }
        } catch (RuntimeException e) {
            failure = "storage failed while merging a chunk from " + from + ": " + e;
            moveTo(State.FAILED);
            return;
        }
        keys += chunk.entries().size();
        bytes += chunkBytes;
        services.throttle().spend(chunkBytes);
        listener.merged(this, chunk.entries().size(), chunkBytes);
        cursor = chunk.next();
        rotation = rotation.afterChunk();
        moveTo(chunk.last() ? State.DONE : State.PACING);
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
        if (rotation.exhausted()) {
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
            case PACING -> timer = services.scheduler().schedule(services.throttle().waitMillis(), () -> {
                if (state == State.PACING) {
                    moveTo(State.REQUESTING);
                }
            });
            case REQUESTING -> {
                services.endpoint().send(rotation.current(),
                        new TransferMessage.ChunkRequest(id, partition.index(), cursor, config.chunkBytes()));
                timer = services.scheduler().schedule(config.requestTimeoutMillis(), this::deadlinePassed);
            }
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
