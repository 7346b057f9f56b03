package io.dynacart.store.runtime;

import java.net.InetSocketAddress;
import java.util.Objects;

/** Where a node listens: inter-node messages (TCP) and its HTTP API. */
public record NodeAddresses(InetSocketAddress tcp, InetSocketAddress http) {

    public NodeAddresses {
        Objects.requireNonNull(tcp, "tcp");
        Objects.requireNonNull(http, "http");
    }

    /** {@code host:port}, as gossip and {@code GET /cluster} show addresses. */
    public static String text(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }
}
