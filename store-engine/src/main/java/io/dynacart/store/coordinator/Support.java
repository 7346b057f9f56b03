package io.dynacart.store.coordinator;

import io.dynacart.store.identity.NodeId;

/**
 * What every operation of one coordinator shares: the node's environment, the coordinator's settings,
 * and the measured reply times that set each replica's wait. Confined to the node's event loop.
 */
record Support(CoordinatorEnvironment env, CoordinatorConfig config, ReplyTimes replyTimes) {

    /** When the wait for {@code peer}'s answer to something sent at {@code sentAt} ends. */
    long waitEnds(NodeId peer, long sentAt) {
        return sentAt + replyTimes.waitFor(peer);
    }

    /**
     * {@code peer} answered something sent to it at {@code sentAt} (negative: not timed): it is alive,
     * and the round trip, when timed, feeds its wait.
     */
    void heard(NodeId peer, long sentAt) {
        env.health().heard(peer);
        if (sentAt >= 0) {
            replyTimes.sample(peer, now() - sentAt);
        }
    }

    long now() {
        return env.clock().nowMillis();
    }
}
