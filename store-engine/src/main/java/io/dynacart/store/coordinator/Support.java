package io.dynacart.store.coordinator;

/**
 * What every operation of one coordinator shares: the node's services, the coordinator's settings,
 * and the measured reply times that set each replica's wait. Confined to the node's event loop.
 */
record Support(CoordinatorServices services, CoordinatorConfig config, ReplyTimes replyTimes) {

    /** When the wait for {@code peer}'s answer to something sent at {@code sentAt} ends. */
    long waitEnds(io.dynacart.store.identity.NodeId peer, long sentAt) {
        return sentAt + replyTimes.waitFor(peer);
    }

    long now() {
        return services.clock().nowMillis();
    }
}
