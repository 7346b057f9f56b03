package io.dynacart.store.handoff;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.membership.MembershipView;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.storage.PartitionStats;
import io.dynacart.store.time.Scheduler;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives back the space of partitions this node no longer replicates (paper, section 4.9: after a
 * join or leave the old owner deletes what it handed over). Every interval, and whenever the view
 * changes, it looks at each partition this node holds keys of: one {@link ReclaimRules} lets go is
 * dropped ({@link PartitionDrop}, one at a time, a batch of keys at a time off the loop); a drop
 * under way is halted as soon as the rules hold its partition back (a ring change began). Once the
 * drops are done it asks the storage to give the free space back to the file system
 * ({@code Storage.returnFreeSpace}), a step at a time off the loop.
 *
 * <p>What must hold:
 * <ul>
 *   <li>A partition is dropped only while {@link ReclaimRules} lets it go, asked again before every
 *       batch: never while this node replicates it, a ring change is under way, the ring in force
 *       has not settled, a transfer of it runs here, or hints for its keys wait here. Hints are never
 *       touched.</li>
 *   <li>While a batch of a partition is in flight ({@link #forgetting}) nothing else may merge into
 *       that partition on purpose: the node does not start pulling it until the batch is back, and
 *       is told when (the {@code idle} callback).</li>
 *   <li>Keys written to a dropped partition later (a write routed here by a node that had not heard
 *       of the ring yet) are dropped by a later drop, under the same rules.</li>
 * </ul>
 *
 * <p>Confined to the node's event loop, but for the batches and the space steps, which run off it.
 */
public final class Reclaimer {

    private static final Logger LOG = LoggerFactory.getLogger(Reclaimer.class);

    private final ReclaimEnvironment env;
    private final ReclaimConfig config;
    private final Runnable idle;
    private final PartitionDrop.Listener listener = new Listener();
    private PartitionDrop current;
    private long ringVersion = -1;
    private long settledSince;
    private Set<PartitionId> hinted = Set.of();
    /** Partitions this node may have forgotten versions of: see {@link #mayHaveForgotten}. */
    private final Set<PartitionId> forgotten = new HashSet<>();
    private int cursor;
    private int partitionsDropped;
    private long keysDropped;
    private long bytesDropped;
    private int dropsHalted;
    private int dropsFailed;
    private long fileBytesReturned;
    /** What the drops since the last summary in the log forgot, and the space given back since. */
    private int roundPartitions;
    private long roundKeys;
    private long roundBytes;
    private long roundFileBytes;
    private boolean spaceDue;
    private boolean returningSpace;
    private Scheduler.Cancellable tick;
    private boolean stopped;

    /**
     * @param idle told, on the loop, whenever a drop ends (done, halted or failed): what waited for
     *             its partition (a pull of it) may start
     */
    public Reclaimer(ReclaimEnvironment env, ReclaimConfig config, Runnable idle) {
        this.env = Objects.requireNonNull(env, "env");
        this.config = Objects.requireNonNull(config, "config");
        this.idle = Objects.requireNonNull(idle, "idle");
    }

    public void start() {
        observe();
        MembershipView view = env.view().get();
        for (int i = 0; i < view.ring().partitionCount(); i++) {
            PartitionId p = PartitionId.of(i);
            if (!view.ring().preferenceList(p, view.n()).primaries().contains(env.self())) {
                forgotten.add(p); // a drop in an earlier life may have taken keys of it
            }
        }
        tick = env.scheduler().schedule(config.intervalMillis(), this::tick);
    }

    /**
     * Whether this node may lack versions of {@code partition} it once held, and with them the
     * versions it numbered under its own name: a drop forgot keys of it since this node started, or
     * this node did not replicate it when it started (an earlier life may have dropped it). Until it
     * receives the partition again ({@link #received}), it must not number a version of its keys
     * under its own name from what it holds: the counter could repeat a dot.
     */
    public boolean mayHaveForgotten(PartitionId partition) {
        return forgotten.contains(partition);
    }

    /** A transfer brought {@code partition} here whole: the live versions of its keys are held again. */
    public void received(PartitionId partition) {
        forgotten.remove(partition);
    }

    /** Stops the timers and the drop under way; nothing more is forgotten or reported. */
    public void stop() {
        stopped = true;
        if (tick != null) {
            tick.cancel();
        }
        if (current != null) {
            current.stop();
        }
    }

    private void tick() {
        check();
        if (!stopped) {
            tick = env.scheduler().schedule(config.intervalMillis(), this::tick);
        }
    }

    /**
     * Looks again: halts the drop under way if its partition may no longer go, else starts the next
     * partition that may, else gives free space back if a drop left some. Every interval, and on every
     * change of the view.
     */
    public void check() {
        if (stopped) {
            return;
        }
        observe();
        if (current != null) {
            if (!mayDrop(current.partition())) {
                current.halt();
            }
            return;
        }
        Optional<PartitionId> next = nextDroppable();
        if (next.isPresent()) {
            current = new PartitionDrop(next.get(), env, config, () -> mayDrop(next.get()), listener);
            current.start();
        } else if (spaceDue && !returningSpace) {
            returnSpace();
        }
    }

    /** Whether a batch of {@code partition}'s drop is in flight: nothing may be merged into it on purpose until it is back. */
    public boolean forgetting(PartitionId partition) {
        return current != null && current.partition().equals(partition) && current.forgetting();
    }

    /** The counters since start, and every partition held here that this node does not replicate, with why. */
    public ReclaimProgress progress() {
        List<ReclaimProgress.Pending> pending = new ArrayList<>();
        int count = env.storage().partitioner().partitionCount();
        for (int i = 0; i < count; i++) {
            PartitionId p = PartitionId.of(i);
            PartitionStats stats = env.storage().stats(p);
            if (stats.keys() <= 0) {
                continue;
            }
            Optional<ReclaimRules.Hold> hold = ReclaimRules.hold(p, facts(p), config.settleMillis());
            if (hold.isPresent() && hold.get() == ReclaimRules.Hold.REPLICA) {
                continue;
            }
            ReclaimProgress.Why why = current != null && current.partition().equals(p) ? ReclaimProgress.Why.DROPPING
                    : hold.map(ReclaimProgress.Why::of).orElse(ReclaimProgress.Why.QUEUED);
            pending.add(new ReclaimProgress.Pending(p, stats.keys(), Math.max(0, stats.bytes()), why));
        }
        return new ReclaimProgress(partitionsDropped, keysDropped, bytesDropped, dropsHalted, dropsFailed,
                fileBytesReturned, pending);
    }

    /** Notes a new ring, a node of it out of reach (either restarts the settle time), and the hints kept now. */
    private void observe() {
        long now = env.clock().nowMillis();
        MembershipView view = env.view().get();
        if (view.ring().version() != ringVersion) {
            ringVersion = view.ring().version();
            settledSince = now;
        }
        for (NodeId node : view.ring().nodes()) {
            if (!env.reachable().test(node)) {
                settledSince = now;
                break;
            }
        }
        hinted = env.hinted().get();
    }

    private boolean mayDrop(PartitionId partition) {
        return ReclaimRules.hold(partition, facts(partition), config.settleMillis()).isEmpty();
    }

    private ReclaimRules.Facts facts(PartitionId partition) {
        return new ReclaimRules.Facts(env.self(), env.view().get(), env.clock().nowMillis() - settledSince,
                env.transferring().test(partition) ? Set.of(partition) : Set.of(), hinted);
    }

    /** The next partition, round-robin, that holds keys here and may be dropped. */
    private Optional<PartitionId> nextDroppable() {
        int count = env.storage().partitioner().partitionCount();
        for (int step = 0; step < count; step++) {
            PartitionId p = PartitionId.of(Math.floorMod(cursor + step, count));
            if (env.storage().stats(p).keys() > 0 && mayDrop(p)) {
                cursor = p.index() + 1;
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** One step of giving free space back, off the loop; another follows soon while a step gives some back. */
    private void returnSpace() {
        returningSpace = true;
        env.offLoop().run(() -> env.storage().returnFreeSpace(config.freeBytesPerStep()), returned -> {
            returningSpace = false;
            fileBytesReturned += returned;
            roundFileBytes += returned;
            if (returned == 0) {
                spaceDue = false;
                LOG.info("{} dropped {} partition(s) it no longer replicates ({} keys, {} bytes) and gave {} bytes of its"
                        + " database back to the file system", env.self(), roundPartitions, roundKeys, roundBytes,
                        roundFileBytes);
                roundPartitions = 0;
                roundKeys = 0;
                roundBytes = 0;
                roundFileBytes = 0;
            } else if (!stopped) {
                env.scheduler().schedule(config.pauseMillis(), this::check);
            }
        }, failure -> {
            returningSpace = false;
            spaceDue = false;
            LOG.warn("cannot give free space back to the file system: {}", failure.toString());
        });
    }

    /** Counts what the drops forget, and ends each. */
    private final class Listener implements PartitionDrop.Listener {
        @Override
        public void forgot(PartitionDrop drop, int keys, long bytes) {
            if (keys > 0) {
                forgotten.add(drop.partition());
            }
            keysDropped += keys;
            bytesDropped += bytes;
            roundKeys += keys;
            roundBytes += bytes;
        }

        @Override
        public void finished(PartitionDrop drop) {
            if (drop != current) {
                return;
            }
            current = null;
            switch (drop.state()) {
                case DONE -> {
                    partitionsDropped++;
                    roundPartitions++;
                    spaceDue = true;
                }
                case HALTED -> dropsHalted++;
                case FAILED -> dropsFailed++;
                default -> throw new IllegalStateException("a drop finished in " + drop.state());
            }
            if (!stopped) {
                idle.run();
                // The next partition after a pause, not at the next interval: a join moves many.
                env.scheduler().schedule(config.pauseMillis(), Reclaimer.this::check);
            }
        }
    }
}
