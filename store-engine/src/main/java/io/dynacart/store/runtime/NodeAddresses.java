package io.dynacart.store.runtime;

import java.net.InetSocketAddress;
import java.util.Objects;

/** Where a node listens: inter-node messages (TCP), its HTTP API and its binary client protocol. */
public record NodeAddresses(InetSocketAddress tcp, InetSocketAddress http, InetSocketAddress client) {

    public NodeAddresses {
        Objects.requireNonNull(tcp, "tcp");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(client, "client");
    }

    /** Addresses whose client protocol listens on a free port of the HTTP host. */
    public NodeAddresses(InetSocketAddress tcp, InetSocketAddress http) {
        this(tcp, http, InetSocketAddress.createUnresolved(http.getHostString(), 0));
    }

    /** {@code host:port}, as gossip and {@code GET /cluster} show addresses. */
    public static String text(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }
}
