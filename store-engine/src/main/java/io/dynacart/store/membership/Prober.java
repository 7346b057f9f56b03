package io.dynacart.store.membership;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.time.Scheduler;
import io.dynacart.store.transport.Network;
import io.dynacart.store.transport.ProbeMessage;

/**
 * Brings avoided peers back: every {@code intervalMillis} it pings each peer {@link PeerHealth}
 * considers unreachable; a pong (like any message) marks it reachable. Without probes a peer that
 * is never asked anything would stay avoided forever.
 */
public final class Prober {

    private final PeerHealth health;
    private final Network.Endpoint endpoint;
    private final Scheduler scheduler;
    private final long intervalMillis;
    private long seq;
    private Scheduler.Cancellable timer;

    public Prober(PeerHealth health, Network.Endpoint endpoint, Scheduler scheduler, long intervalMillis) {
        this.health = health;
        this.endpoint = endpoint;
        this.scheduler = scheduler;
        this.intervalMillis = intervalMillis;
    }

    public void start() {
        timer = scheduler.schedule(intervalMillis, this::probe);
    }

    public void stop() {
        if (timer != null) {
            timer.cancel();
        }
    }

    private void probe() {
        for (NodeId peer : health.unreachable()) {
            endpoint.send(peer, new ProbeMessage.Ping(++seq));
        }
        timer = scheduler.schedule(intervalMillis, this::probe);
    }

    /** Answers a ping. */
    public void onPing(NodeId from, ProbeMessage.Ping ping) {
        endpoint.send(from, new ProbeMessage.Pong(ping.seq()));
    }
}
