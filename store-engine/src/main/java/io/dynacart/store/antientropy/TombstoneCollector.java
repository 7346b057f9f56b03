package io.dynacart.store.antientropy;

import io.dynacart.store.antientropy.ReplicaPeers.PartitionPeer;
import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.storage.Storage;
import io.dynacart.store.time.Clock;
import io.dynacart.store.time.OffLoop;
import io.dynacart.store.time.Scheduler;
import io.dynacart.store.versioning.Versioned;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects tombstones, so deletes neither come back nor pile up forever: every interval it scans the
 * next partition this node replicates (round-robin), ages the keys that hold only tombstones
 * ({@link TombstoneAges}) and purges those every replica has seen and no hint anywhere can bring
 * back, at most
 * {@link TombstoneConfig#purgesPerScan} a scan. The purge is conditional
 * ({@link Storage#purge}): a version written since the scan keeps the key.
 *
 * <p>"Every replica" is every other node of the partition's replica set, reachable or not, as
 * {@code replicas} gives it; the node gives none while the ring is changing, so nothing is
 * collected during a transfer (a new owner may not have the tombstone yet). A lone replica has no
 * peers and collects nothing. Purges go through the tree-maintaining storage so that the trees
 * forget the key too; a replica that still holds the tombstone may send it back by anti-entropy,
 * and it is collected again later.
 *
 * <p>The pause between scans is the interval divided by the node's background share
 * ({@code budget.BackgroundShare}, in (0, 1]): while the foreground's latency is high, scans come
 * less often, and still come.
 *
 * <p>Confined to the node's event loop, but for the scan itself, which reads SQLite: it runs
 * {@link OffLoop off the loop}, and the ageing and purges follow on the loop.
 */
public final class TombstoneCollector {

    private static final Logger LOG = LoggerFactory.getLogger(TombstoneCollector.class);

    /** What the collector learns from the rest of the cluster before it purges. */
    public interface Evidence {

        /** When the last completed anti-entropy exchange with a peer began: {@link Repairer#lastCompletedExchange}. */
        OptionalLong lastCompleted(PartitionId partition, NodeId peer);

        /** The earliest hint horizon any member reports (see {@link TombstoneAges}); 0 when one has not reported. */
        long hintHorizon();
    }

    /**
     * How long the hint horizon must stay past a tombstone before it goes: five gossip rounds (of the
     * default second), so that a hint copied between fallbacks meanwhile shows in the report of its new
     * holder before the purge.
     */
    public static final long HORIZON_SETTLE_MILLIS = 5_000;

    private final TombstoneConfig config;
    private final Storage storage;
    private final ReplicaPeers replicas;
    private final Evidence evidence;
    private final Scheduler scheduler;
    private final Clock clock;
    private final OffLoop offLoop;
    private final TombstoneAges ages;
    private DoubleSupplier share = () -> 1;
    private Expiry expiry = Expiry.NEVER;
    private int cursor;
    private long collected;
    private Scheduler.Cancellable tick;
    private boolean stopped;

    /** A collector that scans on the loop itself ({@link OffLoop#inline()}). */
    public TombstoneCollector(TombstoneConfig config, Storage storage, ReplicaPeers replicas, Evidence evidence,
                              Scheduler scheduler, Clock clock) {
        this(config, storage, replicas, evidence, scheduler, clock, OffLoop.inline());
    }

    public TombstoneCollector(TombstoneConfig config, Storage storage, ReplicaPeers replicas, Evidence evidence,
                              Scheduler scheduler, Clock clock, OffLoop offLoop) {
        this.offLoop = offLoop;
        this.config = config;
        this.storage = storage;
        this.replicas = replicas;
        this.evidence = evidence;
        this.scheduler = scheduler;
        this.clock = clock;
        this.ages = new TombstoneAges(config.graceMillis(), 2 * config.clockSkewMillis(), HORIZON_SETTLE_MILLIS);
    }

    /** Versions {@code expiry} says have expired are collected as tombstones are, from now on. */
    public TombstoneCollector expiring(Expiry versionsExpiry) {
        this.expiry = Objects.requireNonNull(versionsExpiry, "expiry");
        return this;
    }

    /** Scans are spaced by the interval divided by {@code backgroundShare} (in (0, 1]) from now on. */
    public TombstoneCollector pacedBy(DoubleSupplier backgroundShare) {
        this.share = Objects.requireNonNull(backgroundShare, "backgroundShare");
        return this;
    }

    public void start() {
        tick = scheduler.schedule(config.intervalMillis(), this::tick);
    }

    public void stop() {
        stopped = true;
        if (tick != null) {
            tick.cancel();
        }
    }

    /** Keys purged since this node started. */
    public long collected() {
        return collected;
    }

    /** Scans the next partition off the loop, then ages and purges on it; the next tick follows the last. */
    private void tick() {
        Map<PartitionId, List<NodeId>> peersByPartition = peersByPartition();
        if (peersByPartition.isEmpty()) {
            scheduleNext();
            return;
        }
        List<PartitionId> partitions = new ArrayList<>(peersByPartition.keySet());
        cursor = Math.floorMod(cursor, partitions.size());
        PartitionId partition = partitions.get(cursor++);
        offLoop.run(() -> scan(partition), scanned -> {
            collect(partition, peersByPartition.get(partition), scanned);
            scheduleNext();
        }, failure -> {
            LOG.warn("cannot scan partition {} for tombstones; trying the next one later: {}", partition.index(),
                    failure.toString());
            scheduleNext();
        });
    }

    private void scheduleNext() {
        if (!stopped) {
            double pace = Math.max(Double.MIN_NORMAL, Math.min(1, share.getAsDouble()));
            tick = scheduler.schedule((long) Math.ceil(config.intervalMillis() / pace), this::tick);
        }
    }

    private Map<Key, List<Versioned<Value>>> scan(PartitionId partition) {
        Map<Key, List<Versioned<Value>>> scanned = new LinkedHashMap<>();
        storage.scan(partition, k -> scanned.put(k.key(), k.siblings()));
        return scanned;
    }

    /** Ages what a scan of {@code partition} found, then purges the tombstones whose time has come. */
    private void collect(PartitionId partition, List<NodeId> peers, Map<Key, List<Versioned<Value>>> scanned) {
        List<OptionalLong> seen = peers.stream().map(peer -> evidence.lastCompleted(partition, peer)).toList();
        Map<Key, TombstoneAges.Verdict> verdicts = ages.rescan(partition, scanned, clock.nowMillis(), seen,
                evidence.hintHorizon(), expiry);
        int budget = config.purgesPerScan();
        for (Map.Entry<Key, List<Versioned<Value>>> e : scanned.entrySet()) {
            if (budget > 0 && verdicts.get(e.getKey()) == TombstoneAges.Verdict.COLLECT) {
                budget--;
                if (storage.purge(e.getKey(), e.getValue())) {
                    collected++;
                }
            }
        }
    }

    private Map<PartitionId, List<NodeId>> peersByPartition() {
        Map<PartitionId, List<NodeId>> out = new LinkedHashMap<>();
        for (PartitionPeer pair : replicas.pairs()) {
            out.computeIfAbsent(pair.partition(), p -> new ArrayList<>()).add(pair.peer());
        }
        return out;
    }
}
