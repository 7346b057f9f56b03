package io.dynacart.store.transport.tcp;

/**
 * What a {@link TcpNetwork} has done since it was made, for metrics and for tests that must see a
 * drop that the {@code Network} contract keeps silent.
 *
 * @param connectionsOpened   connections that completed the handshake, outbound and inbound
 * @param connectionsRefused  connections closed before or during the handshake: wrong secret, a
 *                            server that is not the peer expected, garbage, or no handshake in time
 * @param connectFailures     outbound TCP connects that failed (peer down, refused, timed out)
 * @param badFrames           authenticated connections closed because a frame was oversized or malformed
 * @param framesOut           message frames handed to a socket
 * @param framesIn            message frames received, decoded and handed to the inbox (counted after
 *                            the inbox returned, so {@code framesIn} equal to the senders' {@code framesOut}
 *                            means nothing is in flight)
 * @param bytesOut            bytes of those frames, length prefixes included
 * @param bytesIn             bytes of those frames, length prefixes included
 * @param droppedQueueFull    messages dropped because {@code maxQueuedPerPeer} were already waiting
 * @param droppedNoAddress    messages dropped because the address book knew no address for the peer
 * @param droppedTooLarge     messages dropped because their frame would pass the frame limit
 * @param droppedClosed       messages sent from a closed endpoint, or still queued when it closed
 * @param droppedPeerDown     messages dropped because a connect to their peer had just failed: they
 *                            waited for it, or were sent while the link backs off
 * @param droppedOverBudget   messages dropped because the node's bytes in flight were spent
 * @param connectionsShed     accepted connections closed at once because too many others from their
 *                            address, or in all, had not authenticated yet (not counted as refused)
 */
public record TcpStats(long connectionsOpened, long connectionsRefused, long connectFailures, long badFrames,
                       long framesOut, long framesIn, long bytesOut, long bytesIn,
                       long droppedQueueFull, long droppedNoAddress, long droppedTooLarge, long droppedClosed,
                       long droppedPeerDown, long droppedOverBudget, long connectionsShed) {

    /** Messages dropped before reaching a socket, for any cause. */
    public long dropped() {
        return droppedQueueFull + droppedNoAddress + droppedTooLarge + droppedClosed + droppedPeerDown
                + droppedOverBudget;
    }
}
