package io.dynacart.store.transport;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.time.Scheduler;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;

/**
 * The store's one decorator: a {@link Network} over any other that partitions groups of nodes and
 * drops, duplicates and delays (hence reorders) messages, as the current {@link FaultPlan} says.
 * The simulator, the demo's partition button and the load generator's fault schedule all drive it.
 *
 * <p>What must hold:
 * <ul>
 *   <li><b>Reproducible.</b> Every random choice comes from the injected generator and every delay
 *       from the injected scheduler; with a seeded generator and a virtual-time scheduler, a run
 *       replays exactly from its seed. (The generator is used under a lock, so it need not be
 *       thread-safe itself.)</li>
 *   <li><b>Partitions are checked when a message is sent and again when it arrives.</b> So while a
 *       partition holds nothing crosses it, not even a message that was in flight when it began; a
 *       message sent across it is lost for good, even if the partition heals before it would have
 *       arrived. A message that left before the partition and arrives after the heal is delivered.</li>
 *   <li><b>Delayed copies wait in the sender's fault layer</b> and enter the inner network when their
 *       delay ends: they are lost if the sender closes first (a crash loses its send buffer), and
 *       they reach whoever is attached under the addressee's id at that moment.</li>
 *   <li>Changing the faults is atomic: each message is judged against one whole plan.</li>
 * </ul>
 */
public final class FaultyNetwork implements Network {

    private final Network inner;
    private final Scheduler scheduler;
    private final RandomGenerator random;
    private final Object randomLock = new Object();
    private final AtomicReference<FaultPlan> plan = new AtomicReference<>(FaultPlan.NONE);

    private final LongAdder sent = new LongAdder();
    private final LongAdder droppedByPartition = new LongAdder();
    private final LongAdder droppedAtRandom = new LongAdder();
    private final LongAdder duplicated = new LongAdder();
    private final LongAdder delayed = new LongAdder();

    /**
     * Starts as a perfect network. {@code scheduler} runs the delayed sends; {@code random} decides
     * drops, duplicates and delays (seed it for a reproducible run).
     */
    public FaultyNetwork(Network inner, Scheduler scheduler, RandomGenerator random) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public Endpoint attach(NodeId self, Inbox inbox) {
        Objects.requireNonNull(inbox, "inbox");
        Endpoint endpoint = inner.attach(self, new Inbox() {
            @Override
            public void deliver(NodeId from, Message message) {
                receive(self, from, message, inbox);
            }

            @Override
            public void unreachable(NodeId peer) {
                inbox.unreachable(peer);
            }
        });
        return new FaultyEndpoint(endpoint);
    }

    /** The faults in force. */
    public FaultPlan plan() {
        return plan.get();
    }

    /** Replaces every fault in force with {@code newPlan}. */
    public void apply(FaultPlan newPlan) {
        plan.set(Objects.requireNonNull(newPlan, "newPlan"));
    }

    /**
     * Splits the network into exactly {@code groups}, replacing any partition or isolation in force:
     * messages between different groups are dropped, both ways. A node in no group reaches and is
     * reached by every node.
     *
     * @throws IllegalArgumentException if a node is in two groups
     */
    public void partition(List<Set<NodeId>> groups) {
        update(p -> p.withPartition(groups));
    }

    /** Cuts {@code node} off from every other node, including nodes that attach later, until {@link #heal()}. */
    public void isolate(NodeId node) {
        update(p -> p.withIsolated(node));
    }

    /** Ends every partition and isolation; the other faults stay. */
    public void heal() {
        update(FaultPlan::healed);
    }

    /** Drops each message with probability {@code rate}, in [0, 1]. */
    public void dropRate(double rate) {
        update(p -> p.withDropRate(rate));
    }

    /** Sends a second copy of each message with probability {@code rate}, in [0, 1]. */
    public void duplicateRate(double rate) {
        update(p -> p.withDuplicateRate(rate));
    }

    /** Holds each copy of each message back by a delay drawn uniformly from {@code [minMillis, maxMillis]}. */
    public void delay(long minMillis, long maxMillis) {
        update(p -> p.withDelay(minMillis, maxMillis));
    }

    /** Back to a perfect network, partitions included. */
    public void clearFaults() {
        plan.set(FaultPlan.NONE);
    }

    /** Validates before swapping, so a rejected change leaves the plan as it was. */
    private void update(UnaryOperator<FaultPlan> change) {
        plan.updateAndGet(change);
    }

    /** What the fault layer has done so far. */
    public Stats stats() {
        return new Stats(sent.sum(), droppedByPartition.sum(), droppedAtRandom.sum(), duplicated.sum(), delayed.sum());
    }

    /**
     * Counters since the network was made. {@code sent} counts sends by open endpoints; a message may
     * be dropped by a partition at send or at arrival; {@code duplicated} counts extra copies and
     * {@code delayed} counts copies held back by a delay above zero.
     */
    public record Stats(long sent, long droppedByPartition, long droppedAtRandom, long duplicated, long delayed) {

        /** Messages the fault layer dropped, for any cause. */
        public long dropped() {
            return droppedByPartition + droppedAtRandom;
        }
    }

    private void send(Endpoint from, NodeId to, Message message) {
        sent.increment();
        FaultPlan p = plan.get();
        if (p.separates(from.self(), to)) {
            droppedByPartition.increment();
            return;
        }
        if (chance(p.dropRate())) {
            droppedAtRandom.increment();
            return;
        }
        forward(from, to, message, p);
        if (chance(p.duplicateRate())) {
            duplicated.increment();
            forward(from, to, message, p);
        }
    }

    private void forward(Endpoint from, NodeId to, Message message, FaultPlan p) {
        long delayMillis = delayMillis(p);
        if (delayMillis == 0) {
            from.send(to, message);
        } else {
            delayed.increment();
            scheduler.schedule(delayMillis, () -> from.send(to, message));
        }
    }

    /** The partition is checked again on arrival: nothing crosses a partition while it holds. */
    private void receive(NodeId self, NodeId from, Message message, Inbox inbox) {
        if (plan.get().separates(from, self)) {
            droppedByPartition.increment();
            return;
        }
        inbox.deliver(from, message);
    }

    /** Draws only when the outcome is uncertain, so a perfect network consumes no randomness. */
    private boolean chance(double rate) {
        if (rate == 0) {
            return false;
        }
        synchronized (randomLock) {
            return random.nextDouble() < rate;
        }
    }

    private long delayMillis(FaultPlan p) {
        if (p.delayMinMillis() == p.delayMaxMillis()) {
            return p.delayMinMillis();
        }
        synchronized (randomLock) {
            return random.nextLong(p.delayMinMillis(), p.delayMaxMillis() + 1);
        }
    }

    /** Sends through the fault layer; close closes the inner endpoint, which drops delayed copies. */
    private final class FaultyEndpoint implements Endpoint {

        private final Endpoint inner;
        private volatile boolean closed;

        FaultyEndpoint(Endpoint inner) {
            this.inner = inner;
        }

        @Override
        public NodeId self() {
            return inner.self();
        }

        @Override
        public void send(NodeId to, Message message) {
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(message, "message");
            if (!closed) {
                FaultyNetwork.this.send(inner, to, message);
            }
        }

        @Override
        public void close() {
            closed = true;
            inner.close();
        }
    }
}
