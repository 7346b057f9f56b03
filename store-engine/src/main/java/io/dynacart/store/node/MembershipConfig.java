package io.dynacart.store.node;

import io.dynacart.store.api.NamespaceTable;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.identity.Zone;
import io.dynacart.store.membership.Gossiper;
import io.dynacart.store.membership.MembershipView;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
 * @param lastView the membership view the node last held (kept on disk by the runtime), if any: the
 *                 node starts from it, its ring and members, instead of the ring it is configured with,
 *                 so that a cluster restarted as a whole comes back with its joins and leaves
 * @param learnsIncarnation whether the node starts on an empty data directory and must learn from its
 *                          first peer's view whether the cluster knew an earlier life of it, taking the
 *                          next incarnation if so ({@link io.dynacart.store.membership.IncarnationLearning});
 *                          until then it coordinates no write
 */
public record MembershipConfig(int weight, List<NodeId> seeds, Gossiper.Config gossip, long transferBytesPerSecond,
                               NamespaceTable namespaces, Zone zone, Optional<MembershipView> lastView,
                               boolean learnsIncarnation) {

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
        Objects.requireNonNull(lastView, "lastView");
    }

    /** Settings of a node that starts from its configured ring and knows its incarnation. */
    public MembershipConfig(int weight, List<NodeId> seeds, Gossiper.Config gossip, long transferBytesPerSecond,
                            NamespaceTable namespaces, Zone zone) {
        this(weight, seeds, gossip, transferBytesPerSecond, namespaces, zone, Optional.empty(), false);
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
        return new MembershipConfig(weight, seeds, g, transferBytesPerSecond, namespaces, zone, lastView,
                learnsIncarnation);
    }

    public MembershipConfig withNamespaces(NamespaceTable known) {
        return new MembershipConfig(weight, seeds, gossip, transferBytesPerSecond, known, zone, lastView,
                learnsIncarnation);
    }

    public MembershipConfig withZone(Zone z) {
        return new MembershipConfig(weight, seeds, gossip, transferBytesPerSecond, namespaces, z, lastView,
                learnsIncarnation);
    }

    /** The node's weight in its member entry (a founder's or joiner's share of the partitions). */
    public MembershipConfig withWeight(int w) {
        return new MembershipConfig(w, seeds, gossip, transferBytesPerSecond, namespaces, zone, lastView,
                learnsIncarnation);
    }

    /** The node starts from {@code view}, the one it held when it last ran, if any. */
    public MembershipConfig withLastView(Optional<MembershipView> view) {
        return new MembershipConfig(weight, seeds, gossip, transferBytesPerSecond, namespaces, zone, view,
                learnsIncarnation);
    }

    /** Whether the node must learn its incarnation from its peers first (it starts on an empty data directory). */
    public MembershipConfig withLearnsIncarnation(boolean learns) {
        return new MembershipConfig(weight, seeds, gossip, transferBytesPerSecond, namespaces, zone, lastView, learns);
    }
}
