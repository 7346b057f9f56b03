package io.dynacart.store.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.http.ClusterStatus;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.identity.Zone;
import io.dynacart.store.ring.Claim;
import io.dynacart.store.ring.Ring;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TopologyTest {

    private static ClusterStatus statusOf(Ring ring, Map<String, Integer> weights) {
        List<ClusterStatus.NodeView> views = ring.nodes().stream().map(id -> new ClusterStatus.NodeView(id.value(),
                "127.0.0.1:710" + id.value().substring(1), "", "127.0.0.1:730" + id.value().substring(1),
                ClusterStatus.Reachability.REACHABLE, ring.partitionsOwnedBy(id).size(), "up", 0,
                ring.zoneOf(id).name())).toList();
        return new ClusterStatus("n1", ring.version(), ring.partitionCount(), views, new TreeMap<>(), 0,
                ring.owners().stream().map(NodeId::value).toList(), ClusterStatus.Transfers.NONE,
                ClusterStatus.AntiEntropy.NONE, ClusterStatus.Load.NONE, new TreeMap<>(weights));
    }

    @Test
    void theRingKeepsTheWeightsTheDocumentTells() {
        Ring ring = Claim.initial(Map.of(NodeId.of("n1"), 1, NodeId.of("n2"), 3, NodeId.of("n3"), 2), 64, 3);
        Map<String, Integer> weights = Map.of("n1", 1, "n2", 3, "n3", 2);

        Topology t = Topology.of(statusOf(ring, weights));

        assertThat(t.ring().weights()).as("real weights, not 1 each")
                .isEqualTo(Map.of(NodeId.of("n1"), 1, NodeId.of("n2"), 3, NodeId.of("n3"), 2));
        assertThat(t.ring().owners()).isEqualTo(ring.owners());
        assertThat(t.ring().version()).isEqualTo(ring.version());
        assertThat(t.httpBase(NodeId.of("n2"))).isEqualTo("http://127.0.0.1:7102");
        assertThat(t.clientAddress(NodeId.of("n3")).getPort()).isEqualTo(7303);
    }

    @Test
    void theRingKeepsTheZonesTheDocumentTellsSoAClientRoutesToTheSamePrimaries() {
        Map<NodeId, Zone> zones = new TreeMap<>();
        Map<NodeId, Integer> weights = new TreeMap<>();
        for (int i = 1; i <= 6; i++) {
            zones.put(NodeId.of("n" + i), Zone.of(i % 3 == 0 ? "c" : i % 3 == 1 ? "a" : "b"));
            weights.put(NodeId.of("n" + i), 1);
        }
        Ring ring = Claim.initial(weights, zones, 64, 3);

        Topology t = Topology.of(statusOf(ring, Map.of()));

        assertThat(t.ring().zones()).isEqualTo(zones);
        for (int k = 0; k < 200; k++) {
            byte[] key = ("k" + k).getBytes();
            assertThat(t.ring().preferenceList(key, 3).primaries()).isEqualTo(ring.preferenceList(key, 3).primaries());
        }
    }

    @Test
    void aDocumentWithoutWeightsGivesEachOwnerWeightOne() {
        Ring ring = Claim.initial(Map.of(NodeId.of("n1"), 1, NodeId.of("n2"), 1), 16, 2);

        Topology t = Topology.of(statusOf(ring, Map.of()));

        assertThat(t.ring().weights()).isEqualTo(Map.of(NodeId.of("n1"), 1, NodeId.of("n2"), 1));
    }
}
