package io.dynacart.store.transport;

import io.dynacart.store.identity.NodeId;

/**
 * How nodes reach each other: attach a node to get an {@link Endpoint} to send from; messages to it
 * arrive at its {@link Inbox}.
 *
 * <p>Delivery is at most once, in no guaranteed order, and may fail silently: a message to a node
 * that is down, partitioned away or not attached is lost, and {@code send} neither blocks nor
 * throws for it. Timeouts, retries and failure detection are the sender's business. Implementations:
 * {@link InMemoryNetwork}, the TCP network, and {@link FaultyNetwork} over either.
 */
public interface Network {

    /** Attaches {@code self}; from now on messages addressed to it go to {@code inbox}. */
    Endpoint attach(NodeId self, Inbox inbox);

    /** Receives messages; called on a network thread (or the simulator's), so it should hand them on quickly. */
    @FunctionalInterface
    interface Inbox {
        void deliver(NodeId from, Message message);

        /**
         * The transport just failed to reach {@code peer} (a connection attempt was refused or timed
         * out), so what was sent to it is lost: a hint that the peer is down, sooner than any timeout.
         * Best effort and never a guarantee; a network that cannot tell never calls it. Called on a
         * network thread, like {@link #deliver}.
         */
        default void unreachable(NodeId peer) {
        }
    }

    /** One node's connection to the network. */
    interface Endpoint extends AutoCloseable {

        NodeId self();

        /** Sends {@code message} to {@code to}, best effort; never blocks on the peer. */
        void send(NodeId to, Message message);

        /**
         * Detaches the node: it sends and receives nothing more. Sending from a closed endpoint drops
         * silently; nothing sent after close is received. Closing twice is harmless.
         */
        @Override
        void close();
    }
}
