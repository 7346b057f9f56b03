package io.dynacart.store.handoff;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.membership.PeerHealth;
import io.dynacart.store.storage.Storage;
import io.dynacart.store.storage.StoredHint;
import io.dynacart.store.time.Scheduler;
import io.dynacart.store.transport.HandoffMessage;
import io.dynacart.store.transport.Network;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivering hints (paper, section 4.6): every {@code intervalMillis}, for each node with hints
 * waiting that {@link PeerHealth} deems reachable, sends up to a batch of them; a hint is deleted
 * once its primary acknowledges it (and only if it did not grow meanwhile). A delivery with no
 * acknowledgement within the interval counts as a missed answer and is sent again on a later round.
 * The receiving side merges the versions into its data and acknowledges.
 *
 * <p>Confined to the node's event loop.
 */
public final class HintDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(HintDelivery.class);
    /** Hints sent to one node per round, at most. */
    static final int BATCH = 64;

    private final HintStore hints;
    private final PeerHealth health;
    private final Network.Endpoint endpoint;
    private final Scheduler scheduler;
    private final long intervalMillis;
    private final Map<Long, StoredHint> inFlight = new HashMap<>();
    private long nextDeliveryId;
    private long delivered;
    private Scheduler.Cancellable timer;

    public HintDelivery(HintStore hints, PeerHealth health, Network.Endpoint endpoint, Scheduler scheduler,
                        long intervalMillis) {
        this.hints = hints;
        this.health = health;
        this.endpoint = endpoint;
        this.scheduler = scheduler;
        this.intervalMillis = intervalMillis;
    }

    public void start() {
        timer = scheduler.schedule(intervalMillis, this::round);
    }

    public void stop() {
        if (timer != null) {
            timer.cancel();
        }
    }

    private void round() {
        Set<NodeId> unanswered = new HashSet<>();
        inFlight.values().forEach(h -> unanswered.add(h.intendedFor()));
        unanswered.forEach(health::missed);
        inFlight.clear();
        for (NodeId node : hints.pending().keySet()) {
            if (!health.isReachable(node)) {
                continue;
            }
            List<StoredHint> batch = hints.waitingFor(node, BATCH);
            for (StoredHint hint : batch) {
                long id = ++nextDeliveryId;
                inFlight.put(id, hint);
                endpoint.send(node, new HandoffMessage.HintDelivery(id, hint.key(), hint.siblings()));
            }
        }
        timer = scheduler.schedule(intervalMillis, this::round);
    }

    /** The primary has the hint: forget it. */
    public void onAck(NodeId from, HandoffMessage.HintDeliveryAck ack) {
        StoredHint hint = inFlight.remove(ack.deliveryId());
        if (hint != null && hint.intendedFor().equals(from)) {
            health.heard(from);
            if (hints.delivered(hint)) {
                delivered++;
            }
        }
    }

    /** This node is the primary a fallback kept {@code delivery} for: take the versions, then acknowledge. */
    public static void receive(Storage storage, Network.Endpoint endpoint, NodeId from,
                               HandoffMessage.HintDelivery delivery) {
        try {
            storage.merge(delivery.key(), delivery.siblings());
            endpoint.send(from, new HandoffMessage.HintDeliveryAck(delivery.deliveryId()));
        } catch (RuntimeException e) {
            LOG.warn("cannot take hinted versions of {} from {}: {}", delivery.key(), from, e.toString());
        }
    }

    /** Hints delivered and deleted since start. */
    public long deliveredCount() {
        return delivered;
    }
}
