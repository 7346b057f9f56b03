package io.dynacart.store.transport;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.time.Scheduler;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Nodes of one JVM talking through a {@link Scheduler}: the network of the embedded cluster and, over
 * a virtual-time scheduler, of the deterministic simulator. It starts no thread and reads no clock,
 * so given its scheduler (and latency supplier) every run delivers the same messages at the same
 * times.
 *
 * <p>What must hold, beyond {@link Network}'s contract:
 * <ul>
 *   <li>{@code send} never delivers: it schedules {@code inbox.deliver} after
 *       {@code latencyMillis.getAsLong()} on the scheduler, so an inbox is never entered from inside a
 *       send (no re-entrance, even at latency 0).</li>
 *   <li>A message goes to the attachment its addressee had when it was sent. If that attachment is
 *       closed before the message is due, the message is lost, even when the same node id has
 *       attached again meanwhile: a restarted node never hears what was said to its previous life.
 *       A message to a node not attached at send time is lost too.</li>
 *   <li>A message already sent when its <em>sender</em> closes is still delivered, as a packet
 *       already on the wire would be. Sending from a closed endpoint drops the message silently.</li>
 * </ul>
 *
 * <p>Thread-safe: attach, send and close may be called from any thread.
 */
public final class InMemoryNetwork implements Network {

    private final Scheduler scheduler;
    private final LongSupplier latencyMillis;
    private final ConcurrentMap<NodeId, Attachment> attached = new ConcurrentHashMap<>();

    /**
     * A network whose every message takes {@code latencyMillis.getAsLong()} (asked once per message,
     * so a varying supplier reorders messages) to arrive. The supplier must not return a negative value.
     */
    public InMemoryNetwork(Scheduler scheduler, LongSupplier latencyMillis) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.latencyMillis = Objects.requireNonNull(latencyMillis, "latencyMillis");
    }

    /** A network without latency: messages arrive as soon as the scheduler runs its next tasks. */
    public InMemoryNetwork(Scheduler scheduler) {
        this(scheduler, () -> 0);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if {@code self} is attached already; close its endpoint first
     */
    @Override
    public Endpoint attach(NodeId self, Inbox inbox) {
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(inbox, "inbox");
        Attachment attachment = new Attachment(self, inbox);
        if (attached.putIfAbsent(self, attachment) != null) {
            throw new IllegalStateException("node " + self + " is already attached to this network; close its endpoint first");
        }
        return attachment;
    }

    private void send(NodeId from, NodeId to, Message message) {
        Attachment target = attached.get(to);
        if (target == null) {
            return;
        }
        long latency = latencyMillis.getAsLong();
        if (latency < 0) {
            throw new IllegalStateException("the latency supplier returned " + latency + " ms; latencies must be >= 0");
        }
        scheduler.schedule(latency, () -> deliver(target, from, message));
    }

    /** Delivers only if {@code target} is still the addressee's attachment: the identity is its generation. */
    private void deliver(Attachment target, NodeId from, Message message) {
        if (attached.get(target.self) == target) {
            target.inbox.deliver(from, message);
        }
    }

    /** One attachment of a node: its identity tells a restarted node from its previous life. */
    private final class Attachment implements Endpoint {

        private final NodeId self;
        private final Inbox inbox;
        private volatile boolean closed;

        Attachment(NodeId self, Inbox inbox) {
            this.self = self;
            this.inbox = inbox;
        }

        @Override
        public NodeId self() {
            return self;
        }

        @Override
        public void send(NodeId to, Message message) {
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(message, "message");
            if (!closed) {
                InMemoryNetwork.this.send(self, to, message);
            }
        }

        /** Idempotent. Messages in flight to this attachment are dropped when they come due. */
        @Override
        public void close() {
            closed = true;
            attached.remove(self, this);
        }

        @Override
        public String toString() {
            return "InMemoryNetwork.Endpoint[" + self + (closed ? ", closed]" : "]");
        }
    }
}
