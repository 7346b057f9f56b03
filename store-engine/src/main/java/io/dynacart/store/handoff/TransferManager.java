package io.dynacart.store.handoff;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.transport.TransferMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's partition transfers on join and leave (paper, section 4.9), in both roles: as receiver it
 * runs a {@link PartitionTransfer} per partition it was given, at most {@code maxConcurrent} at once,
 * the rest queued in the order given, and reports each {@link TransferOutcome}; as source it answers
 * other nodes' requests through a {@link TransferSource}.
 *
 * <p>What must hold:
 * <ul>
 *   <li>Idempotent: asking for a partition pending, in flight or already received does nothing; a
 *       failed one may be asked for again and starts over.</li>
 *   <li>A node never serves a partition it is receiving: its copy is partial.</li>
 *   <li>Every partition asked for is counted once in {@link #progress()}: pending, in flight, done
 *       or failed.</li>
 *   <li>After {@link #close()} nothing is sent, merged or reported.</li>
 * </ul>
 *
 * <p>Confined to the node's event loop: {@code receive}, {@code onMessage} and the timers all run there.
 */
public final class TransferManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TransferManager.class);

    private final TransferEnvironment env;
    private final TransferConfig config;
    private final TransferSource source;
    private final Consumer<TransferOutcome> outcomes;
    private final Map<PartitionId, Incoming> pending = new LinkedHashMap<>();
    private final Map<Long, PartitionTransfer> inFlight = new HashMap<>();
    private final Set<PartitionId> done = new HashSet<>();
    private final Set<PartitionId> failed = new HashSet<>();
    /** Chunks being read for receivers, per partition: a transfer from this node that is not finished. */
    private final Map<PartitionId, Integer> serving = new HashMap<>();
    private final PartitionTransfer.Listener listener = new Listener();
    private long nextTransferId;
    private long bytesMoved;
    private long keysMoved;
    private long busyMillis;
    private long busySince;
    private boolean closed;

    /**
     * @param serves   the partitions this node may serve now (it holds them under the current ring);
     *                 those it is receiving are refused whatever this says
     * @param outcomes told once per partition received or failed
     */
    public TransferManager(TransferEnvironment env, TransferConfig config, Predicate<PartitionId> serves,
                           Consumer<TransferOutcome> outcomes) {
        this.env = Objects.requireNonNull(env, "services");
        this.config = Objects.requireNonNull(config, "config");
        this.outcomes = Objects.requireNonNull(outcomes, "outcomes");
        Objects.requireNonNull(serves, "serves");
        this.source = new TransferSource(env.storage(), p -> serves.test(p) && !receiving(p));
        this.nextTransferId = env.random().nextLong();
    }

    /** Queues the partitions not already pending, in flight or received, and starts what the limit allows. */
    public void receive(List<Incoming> incoming) {
        for (Incoming in : incoming) {
            PartitionId p = in.partition();
            if (!closed && !done.contains(p) && !receiving(p)) {
                failed.remove(p);
                pending.put(p, in);
            }
        }
        startMore();
    }

    /** A transfer message from {@code from}: a request to serve, or an answer to one of this node's requests. */
    public void onMessage(NodeId from, TransferMessage message) {
        if (closed) {
            return;
        }
        if (message instanceof TransferMessage.ChunkRequest m) {
            serve(from, m);
        } else if (message instanceof TransferMessage.Chunk m) {
            PartitionTransfer t = inFlight.get(m.transferId());
            if (t != null) {
                t.onChunk(from, m);
            }
        } else if (message instanceof TransferMessage.Refused m) {
            PartitionTransfer t = inFlight.get(m.transferId());
            if (t != null) {
                t.onRefused(from, m);
            }
        } else {
            throw new IllegalArgumentException("no handler for transfer message " + message.getClass().getName());
        }
    }

    /** Whether {@code partition} is pending or in flight here. */
    public boolean receiving(PartitionId partition) {
        return pending.containsKey(partition) || inFlightFor(partition) != null;
    }

    /** Whether a chunk of {@code partition} is being read here for a receiver now. */
    public boolean serving(PartitionId partition) {
        return serving.containsKey(partition);
    }

    /** Whether {@code partition} was received (and not forgotten since). */
    public boolean received(PartitionId partition) {
        return done.contains(partition);
    }

    /**
     * Forgets {@code partition}: a pending or in-flight transfer of it stops without an outcome, and a
     * later {@link #receive} copies it again. For a partition this node dropped, or no longer gains.
     */
    public void forget(PartitionId partition) {
        pending.remove(partition);
        done.remove(partition);
        failed.remove(partition);
        PartitionTransfer t = inFlightFor(partition);
        if (t != null) {
            t.stop();
            inFlight.remove(t.id());
            markIdleIfNoneRunning();
            startMore();
        }
    }

    public TransferProgress progress() {
        int remaining = pending.size() + inFlight.size();
        long busy = busyMillis + (inFlight.isEmpty() ? 0 : env.clock().nowMillis() - busySince);
        return new TransferProgress(pending.size(), inFlight.size(), done.size(), failed.size(), bytesMoved, keysMoved,
                TransferProgress.estimate(remaining, done.size(), busy));
    }

    /** Stops every transfer; nothing more is sent, merged or reported. */
    @Override
    public void close() {
        closed = true;
        new ArrayList<>(inFlight.values()).forEach(PartitionTransfer::stop);
        inFlight.clear();
        pending.clear();
    }

    /** Refuses on the loop, or fills the chunk off it (a scan) and sends it from the loop. */
    private void serve(NodeId from, TransferMessage.ChunkRequest request) {
        Optional<TransferMessage.Refused> refused = source.refusal(request);
        if (refused.isPresent()) {
            env.endpoint().send(from, refused.get());
            return;
        }
        PartitionId partition = PartitionId.of(request.partition());
        serving.merge(partition, 1, Integer::sum);
        env.offLoop().run(() -> source.chunk(request), chunk -> {
            served(partition);
            if (!closed) {
                env.endpoint().send(from, chunk);
            }
        }, e -> {
            served(partition);
            LOG.warn("cannot serve partition {} to {}: {}", request.partition(), from, e.toString());
        });
    }

    private void served(PartitionId partition) {
        serving.computeIfPresent(partition, (p, n) -> n == 1 ? null : n - 1);
    }

    private void startMore() {
        while (!closed && inFlight.size() < config.maxConcurrent() && !pending.isEmpty()) {
            Iterator<Incoming> first = pending.values().iterator();
            Incoming next = first.next();
            first.remove();
            if (inFlight.isEmpty()) {
                busySince = env.clock().nowMillis();
            }
            PartitionTransfer t = new PartitionTransfer(nextTransferId++, next, env, config, listener);
            inFlight.put(t.id(), t);
            t.start();
        }
    }

    private PartitionTransfer inFlightFor(PartitionId partition) {
        for (PartitionTransfer t : inFlight.values()) {
            if (t.partition().equals(partition)) {
                return t;
            }
        }
        return null;
    }

    private void markIdleIfNoneRunning() {
        if (inFlight.isEmpty()) {
            busyMillis += env.clock().nowMillis() - busySince;
        }
    }

    /** Counts what the transfers merge, and reports and replaces those that end. */
    private final class Listener implements PartitionTransfer.Listener {
        @Override
        public void merged(PartitionTransfer transfer, long keys, long bytes) {
            keysMoved += keys;
            bytesMoved += bytes;
        }

        @Override
        public void finished(PartitionTransfer transfer) {
            if (inFlight.remove(transfer.id()) == null) {
                return;
            }
            markIdleIfNoneRunning();
            TransferOutcome outcome;
            if (transfer.state() == PartitionTransfer.State.DONE) {
                done.add(transfer.partition());
                outcome = new TransferOutcome.Received(transfer.partition(), transfer.keys(), transfer.bytes());
            } else {
                failed.add(transfer.partition());
                outcome = new TransferOutcome.Failed(transfer.partition(), transfer.failure());
                LOG.warn("transfer of {} failed: {}", transfer.partition(), transfer.failure());
            }
            outcomes.accept(outcome);
            startMore();
        }
    }
}
