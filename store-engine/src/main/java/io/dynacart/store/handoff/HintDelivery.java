package io.dynacart.store.handoff;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.membership.PeerHealth;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.Ring;
import io.dynacart.store.ring.Routing;
import io.dynacart.store.storage.Durability;
import io.dynacart.store.storage.Merged;
import io.dynacart.store.storage.Storage;
import io.dynacart.store.storage.StoredHint;
import io.dynacart.store.time.Clock;
import io.dynacart.store.time.Scheduler;
import io.dynacart.store.transport.HandoffMessage;
import io.dynacart.store.transport.Network;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.DoubleSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivering hints (paper, section 4.6), and making sure none outlives its lifetime. Every
 * {@code intervalMillis}, for each node with hints waiting:
 * <ul>
 *   <li>if it is in the ring (the ring a transfer moves to, while one is under way), one of the
 *       key's primaries there, and {@link PeerHealth} deems it reachable, its hints are sent to it, up
 *       to a batch;</li>
 *   <li>otherwise each hint kept longer than {@code lifetimeMillis}, and every hint for a node that
 *       is not in that ring (it left, or is leaving) or is no longer one of the key's primaries in it
 *       (the ring moved the key's partition away: that node drops the partition once the ring
 *       settles, see {@link Reclaimer}), is <em>handed on</em>: sent to the key's
 *       other primaries in that ring (merged here, if this node is one of them), and ends once two
 *       of them hold it, so that it never leaves fewer copies than the write was acknowledged with.
 *       Anti-entropy among the replicas brings the versions to the intended node when it returns. A
 *       node on its way out is never given a hint: it may have handed its partitions on already.</li>
 * </ul>
 * A hint is deleted once a node it was sent to acknowledges it (and only if it did not grow
 * meanwhile). A delivery with no acknowledgement within the interval counts as a missed answer and is
 * sent again on a later round. A hint no replica can be reached for stays, past its lifetime: losing
 * it could lose an acknowledged write; tombstone collection waits for it instead (the hint horizon,
 * see {@link HintStore#horizon}). The receiving side merges the versions into its data and acknowledges.
 *
 * <p>A round's batch is {@value #BATCH} hints times the node's background share
 * ({@code budget.BackgroundShare}, in (0, 1]), at least one: while the foreground's latency is high,
 * hints drain slower, never not at all.
 *
 * <p>Confined to the node's event loop.
 */
public final class HintDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(HintDelivery.class);
    /** Hints sent to one node, or handed on for one node, per round, at most. */
    static final int BATCH = 64;

    /**
     * What delivery reaches the world through.
     *
     * @param self      this node
     * @param reachable whether requests may go to a node now (failure detection)
     * @param routing   the ring in force and the one a transfer moves to, read on every round
     * @param n         replicas per key
     */
    public record Environment(NodeId self, HintStore hints, Storage storage, PeerHealth health,
                           Predicate<NodeId> reachable, Supplier<Routing> routing, int n, Network.Endpoint endpoint,
                           Scheduler scheduler, Clock clock) {
        public Environment {
            Objects.requireNonNull(self, "self");
            Objects.requireNonNull(hints, "hints");
            Objects.requireNonNull(storage, "storage");
            Objects.requireNonNull(health, "health");
            Objects.requireNonNull(reachable, "reachable");
            Objects.requireNonNull(routing, "routing");
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(scheduler, "scheduler");
            Objects.requireNonNull(clock, "clock");
        }
    }

    /**
     * A delivery in flight: the hint, the node it went to, and for a hint handed on, the replicas
     * that have it so far and how many must before it goes.
     */
    private record Sent(StoredHint hint, NodeId to, HandOn handOn) {
    }

    /** The replicas a hand-on reached in this round. */
    private record HandOn(Set<NodeId> holders, int required) {
    }

    /**
     * Replicas that must hold a handed-on hint before it is deleted: two (or every other primary, when
     * fewer), so that handing a hint on never leaves fewer copies than the write was acknowledged with.
     */
    static final int HAND_ON_COPIES = 2;

    private final Environment env;
    private final long intervalMillis;
    private final long lifetimeMillis;
    private final DoubleSupplier share;
    private final Map<Long, Sent> inFlight = new HashMap<>();
    private long nextDeliveryId;
    private long delivered;
    private long handedOn;
    private Scheduler.Cancellable timer;

    public HintDelivery(Environment env, long intervalMillis, long lifetimeMillis) {
        this(env, intervalMillis, lifetimeMillis, () -> 1);
    }

    /** Delivery whose batches are scaled by the background share {@code share}. */
    public HintDelivery(Environment env, long intervalMillis, long lifetimeMillis, DoubleSupplier share) {
        if (intervalMillis < 1 || lifetimeMillis < 1) {
            throw new IllegalArgumentException("hint interval and lifetime must be >= 1 ms, were " + intervalMillis
                    + " and " + lifetimeMillis);
        }
        this.env = env;
        this.intervalMillis = intervalMillis;
        this.lifetimeMillis = lifetimeMillis;
        this.share = Objects.requireNonNull(share, "share");
    }

    public void start() {
        timer = env.scheduler().schedule(intervalMillis, this::round);
    }

    public void stop() {
        if (timer != null) {
            timer.cancel();
        }
    }

    private void round() {
        Set<NodeId> unanswered = new HashSet<>();
        inFlight.values().forEach(s -> unanswered.add(s.to()));
        unanswered.forEach(env.health()::missed);
        inFlight.clear();
        Routing routing = env.routing().get();
        // A node leaving the ring may already have handed its partitions on: what it took now would go with it.
        Ring ring = routing.target() != null ? routing.target() : routing.current();
        long now = env.clock().nowMillis();
        int batchSize = (int) Math.max(1, Math.round(BATCH * Math.min(1, share.getAsDouble())));
        for (NodeId node : env.hints().pending().keySet()) {
            boolean inRing = ring.weights().containsKey(node);
            boolean reachable = inRing && env.health().isReachable(node);
            for (StoredHint hint : env.hints().waitingFor(node, batchSize)) {
                // A node the ring moved the key away from may be dropping its partition: what it took would go.
                boolean replica = inRing && ring.preferenceList(KeyHash.of(hint.key()), env.n()).primaries().contains(node);
                if (replica && reachable) {
                    send(hint, node);
                } else if (!replica || env.hints().age(hint, now) >= lifetimeMillis) {
                    handOn(hint, ring);
                }
            }
        }
        timer = env.scheduler().schedule(intervalMillis, this::round);
    }

    private void send(StoredHint hint, NodeId to) {
        send(hint, to, null);
    }

    private void send(StoredHint hint, NodeId to, HandOn handOn) {
        long id = ++nextDeliveryId;
        inFlight.put(id, new Sent(hint, to, handOn));
        env.endpoint().send(to, new HandoffMessage.DeliverHint(id, hint.key(), hint.siblings()));
    }

    /**
     * The hint's node is gone or has been out of reach for the hint's lifetime: its versions go to the
     * key's other primaries instead (this node's own storage, when it is one), and the hint ends once
     * {@value #HAND_ON_COPIES} of them hold it. A hint is a real copy of an acknowledged write; handing
     * it to one replica that may be the write's only other copy would halve its durability.
     */
    private void handOn(StoredHint hint, Ring ring) {
        List<NodeId> others = ring.preferenceList(KeyHash.of(hint.key()), env.n()).primaries().stream()
                .filter(p -> !p.equals(hint.intendedFor())).toList();
        if (others.isEmpty()) {
            return;
        }
        HandOn handOn = new HandOn(new HashSet<>(), Math.min(HAND_ON_COPIES, others.size()));
        for (NodeId p : others) {
            if (p.equals(env.self())) {
                try {
                    // Not waited for: the hint's delete below is logged after this merge, so no crash
                    // keeps the delete without the merge.
                    env.storage().mergeNoWait(hint.key(), hint.siblings(), false);
                    handOn.holders().add(p);
                } catch (RuntimeException e) {
                    LOG.warn("{}: cannot take over the hint of {} for {}: {}", env.self(), hint.key(),
                            hint.intendedFor(), e.toString());
                }
            } else if (env.reachable().test(p)) {
                send(hint, p, handOn);
            }
        }
        endIfHeld(hint, handOn);
    }

    private void endIfHeld(StoredHint hint, HandOn handOn) {
        if (handOn.holders().size() >= handOn.required() && env.hints().delivered(hint)) {
            handedOn++;
        }
    }

    /** A node the hint was sent to has it: forget it. */
    public void onAck(NodeId from, HandoffMessage.HintDeliveryAck ack) {
        Sent sent = inFlight.remove(ack.deliveryId());
        if (sent != null && sent.to().equals(from)) {
            env.health().heard(from);
            if (sent.handOn() != null) {
                sent.handOn().holders().add(from);
                endIfHeld(sent.hint(), sent.handOn());
            } else if (env.hints().delivered(sent.hint())) {
                delivered++;
            }
        }
    }

    /**
     * This node is the primary a fallback kept {@code delivery} for: take the versions, then, once they
     * are durable (the fallback deletes its copy on the acknowledgement), acknowledge from {@code loop}.
     * Forced in ONE mode: the hint may have been a write's one durable copy.
     */
    public static void receive(Storage storage, Network.Endpoint endpoint, Executor loop, NodeId from,
                               HandoffMessage.DeliverHint delivery) {
        try {
            Merged merged = storage.mergeNoWait(delivery.key(), delivery.siblings(),
                    storage.durability() == Durability.ONE);
            merged.whenDurable(loop, () -> endpoint.send(from, new HandoffMessage.HintDeliveryAck(delivery.deliveryId())),
                    failure -> LOG.warn("hinted versions of {} from {} did not reach the disk, not acknowledged: {}",
                            delivery.key(), from, failure.toString()));
        } catch (RuntimeException e) {
            LOG.warn("cannot take hinted versions of {} from {}: {}", delivery.key(), from, e.toString());
        }
    }

    /** Hints delivered to their own node and deleted since start. */
    public long deliveredCount() {
        return delivered;
    }

    /** Hints handed on to other replicas of their key (their node gone, or out of reach too long) since start. */
    public long handedOnCount() {
        return handedOn;
    }
}
