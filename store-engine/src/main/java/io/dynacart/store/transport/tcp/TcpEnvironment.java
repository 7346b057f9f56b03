package io.dynacart.store.transport.tcp;

import io.dynacart.store.budget.ByteBudget;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;

/**
 * What every part of one {@link TcpNetwork} uses: its settings, its key, its counters, the event
 * loops its connections run on, and the node's budget of bytes in flight that queued messages
 * count against. Held, never changed.
 */
record TcpEnvironment(TcpConfig config, ClusterAuth auth, Counters counters, EventLoopGroup workers, ByteBudget budget) {

    /**
     * Whether the caller is one of the network's I/O threads (an inbox, say), which must never wait
     * for the network's channels or loops: it could be the very thread they wait on.
     */
    boolean onNetworkThread() {
        for (EventExecutor loop : workers) {
            if (loop.inEventLoop()) {
                return true;
            }
        }
        return false;
    }
}
