package io.dynacart.web.control;

import io.dynacart.store.http.ClusterStatus;
import java.util.List;

/**
 * What {@code GET /control/state} answers and the cluster page draws: the ring, the partition in
 * force, any ring change under way, and each node.
 *
 * @param ringVersion    the newest ring a running node routes with
 * @param owners         the owner of each partition, by partition index
 * @param partition      the groups the network is cut into; empty when healed
 * @param ringChange     the join or leave under way ("" when none), e.g. {@code "n6 joining"}
 * @param lastError      the last background ring change that failed ("" when none)
 * @param zones          the zones of the ring's nodes, sorted (one, "default", without zones)
 * @param cutZone        the zone cut off from the rest now ("" when none)
 */
public record ControlState(long ringVersion, int partitionCount, List<String> owners, List<List<String>> partition,
                           String ringChange, String lastError, List<NodeState> nodes, List<String> zones,
                           String cutZone) {

    public ControlState {
        owners = List.copyOf(owners);
        partition = partition.stream().map(List::copyOf).toList();
        nodes = List.copyOf(nodes);
        zones = List.copyOf(zones);
    }

    /** Whether the nodes are in more than one zone (then the page can cut one off). */
    public boolean zoned() {
        return zones.size() > 1;
    }

    /**
     * One node.
     *
     * @param status      {@code up} (running), {@code down} (stopped) or {@code left} (left the ring)
     * @param membership  what its own gossip view says of it (joining, up, leaving), "" when down
     * @param partitions  partitions the ring gives it
     * @param keys        keys in its storage (every replica it holds), 0 when down
     * @param hintsHeld   hints it holds for other nodes
     * @param hintsFor    hints the running nodes hold for it
     * @param side        which partition group it is in (A, B, ...), "" when healed
     * @param antiEntropy its anti-entropy counters (zeros when down)
     * @param transfers   its part of a join or leave (zeros when none or down)
     * @param zone        where it runs
     */
    public record NodeState(String id, String status, String membership, int partitions, long keys, long hintsHeld,
                            long hintsFor, int requestsInFlight, String side, String httpAddress,
                            ClusterStatus.AntiEntropy antiEntropy, ClusterStatus.Transfers transfers, String zone,
                            ClusterStatus.Reclaim reclaim) {

        public boolean up() {
            return "up".equals(status);
        }
    }
}
