package io.dynacart.store.node;

import io.dynacart.store.api.NamespaceTable;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.identity.Zone;
import io.dynacart.store.membership.Gossiper;
import java.util.List;
import java.util.Objects;

/**
 * How a node takes part in membership.
 *
 * @param weight the node's share of partitions relative to the others' when it joins
 * @param seeds  nodes every node can reach, contacted when no live peer is known (paper, 4.8.2)
 * @param gossip gossip interval, seed frequency and the failure detector's threshold
 * @param transferBytesPerSecond how fast this node pulls partitions during a join or leave, so
 *                               that transfers leave room for requests
 * @param namespaces the namespaces the node knew when it last ran (kept on disk by the runtime), so
 *                   that a cluster restarted as a whole still has them; gossip merges in newer ones
 * @param zone   where the node runs; it joins the ring in this zone, and replicas spread over zones
 */
public record MembershipConfig(int weight, List<NodeId> seeds, Gossiper.Config gossip, long transferBytesPerSecond,
                               NamespaceTable namespaces, Zone zone) {

    /** 8 MiB/s: a partition of a few thousand cart-sized values moves in well under a second. */
    public static final long DEFAULT_TRANSFER_BYTES_PER_SECOND = 8L << 20;

    public MembershipConfig {
        if (weight < 1) {
            throw new IllegalArgumentException("weight must be >= 1, was " + weight);
        }
        seeds = List.copyOf(seeds);
        Objects.requireNonNull(gossip, "gossip");
        if (transferBytesPerSecond < 1) {
            throw new IllegalArgumentException("transfer rate must be >= 1 byte/s, was " + transferBytesPerSecond);
        }
        Objects.requireNonNull(namespaces, "namespaces");
        Objects.requireNonNull(zone, "zone");
    }

    /** Settings in the {@link Zone#DEFAULT} zone. */
    public MembershipConfig(int weight, List<NodeId> seeds, Gossiper.Config gossip, long transferBytesPerSecond,
                            NamespaceTable namespaces) {
        this(weight, seeds, gossip, transferBytesPerSecond, namespaces, Zone.DEFAULT);
    }

    public static MembershipConfig defaults(List<NodeId> seeds) {
        return new MembershipConfig(1, seeds, Gossiper.Config.DEFAULT, DEFAULT_TRANSFER_BYTES_PER_SECOND,
                NamespaceTable.EMPTY);
    }

    public MembershipConfig withGossip(Gossiper.Config g) {
        return new MembershipConfig(weight, seeds, g, transferBytesPerSecond, namespaces, zone);
    }

    public MembershipConfig withNamespaces(NamespaceTable known) {
        return new MembershipConfig(weight, seeds, gossip, transferBytesPerSecond, known, zone);
    }

    public MembershipConfig withZone(Zone z) {
        return new MembershipConfig(weight, seeds, gossip, transferBytesPerSecond, namespaces, z);
    }
}
