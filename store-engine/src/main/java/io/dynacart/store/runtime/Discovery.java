package io.dynacart.store.runtime;

import io.dynacart.store.identity.NodeId;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a node on its own host is found, and finds the others: the addresses it tells its peers and
 * clients (when they differ from where it binds, as behind {@code 0.0.0.0} or NAT), and the TCP
 * addresses of the seeds it contacts first. Gossip then spreads every node's advertised addresses.
 *
 * @param advertise where peers and clients reach this node; empty = the addresses it binds
 * @param seeds     the TCP address of each seed node (paper, 4.8.2); may be empty (a single node,
 *                  or nodes that all share a directory, as in {@code LocalCluster})
 */
public record Discovery(Optional<NodeAddresses> advertise, Map<NodeId, InetSocketAddress> seeds) {

    /** Nodes in one process, found through their shared directory. */
    public static final Discovery LOCAL = new Discovery(Optional.empty(), Map.of());

    public Discovery {
        Objects.requireNonNull(advertise, "advertise");
        seeds = Map.copyOf(seeds);
    }
}
