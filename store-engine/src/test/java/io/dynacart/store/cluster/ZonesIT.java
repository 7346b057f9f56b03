package io.dynacart.store.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.Value;
import io.dynacart.store.http.ClusterStatus;
import io.dynacart.store.http.ClusterStatusReader;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.identity.Zone;
import io.dynacart.store.runtime.NodeAddresses;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.Versioned;
import io.dynacart.testing.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Six real nodes in zones a, b, c (n1, n4 in a; n2, n5 in b; n3, n6 in c): /cluster tells every
 * node's zone, every key is stored in all three zones, {@code ?r=local} and {@code ?w=local} are
 * served, and so is a local R and W over the binary client protocol (anything else is a 400 naming
 * the parameter), and with zone a cut off every key is
 * read and written through the rest, then read back everywhere after the heal.
 */
class ZonesIT {

    private static final int KEYS = 30;
    private static final List<Zone> ABC = List.of(Zone.of("a"), Zone.of("b"), Zone.of("c"));
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void replicasSpanTheZonesAndTheRestServesEveryKeyWhileAZoneIsCutOff() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(LocalClusterConfig.forTests(6, root).withZones(ABC))) {
            NodeId n2 = NodeId.of("n2");
            ClusterStatus status = ClusterStatusReader.read(get(cluster, n2, "/cluster").body());
            Map<String, String> zones = new TreeMap<>();
            status.nodes().forEach(n -> zones.put(n.id(), n.zone()));
            assertThat(zones).as("/cluster shows each node's zone")
                    .isEqualTo(Map.of("n1", "a", "n2", "b", "n3", "c", "n4", "a", "n5", "b", "n6", "c"));

            KvStore writer = cluster.client(n2);
            Map<Key, String> written = new LinkedHashMap<>();
            for (int i = 0; i < KEYS; i++) {
                Key key = Key.of("zoned-" + i);
                Await.of(writer.put(key, Context.EMPTY, bytes("v" + i), new Quorum(3, 2, 3))); // every replica has it
                written.put(key, "v" + i);
            }
            for (Key key : written.keySet()) {
                Set<Zone> holders = new HashSet<>();
                for (NodeId id : cluster.nodeIds()) {
                    if (!cluster.runtime(id).storage().get(key).isEmpty()) {
                        holders.add(cluster.zoneOf(id));
                    }
                }
                assertThat(holders).as("the zones holding %s", key).containsExactlyInAnyOrderElementsOf(ABC);
            }

            HttpResponse<byte[]> local = get(cluster, n2, "/kv/zoned-0?r=local");
            assertThat(local.statusCode()).isEqualTo(200);
            assertThat(put(cluster, n2, "/kv/zoned-local?w=local", "here").statusCode()).isEqualTo(204);
            written.put(Key.of("zoned-local"), "here");
            Quorum localRw = new Quorum(3, Quorum.LOCAL, Quorum.LOCAL);
            try (ClusterClient client = ClusterClient.connect(List.of(uri(cluster, n2, "/")), localRw, Duration.ofSeconds(5))) {
                Context wrote = Await.of(client.put(Key.of("zoned-wire"), Context.EMPTY, bytes("wire")));
                assertThat(wrote.clock().isEmpty()).isFalse();
                assertThat(texts(Await.of(client.get(Key.of("zoned-wire"))))).as("local R and W over the client protocol")
                        .containsExactly("wire");
            }
            written.put(Key.of("zoned-wire"), "wire");
            HttpResponse<byte[]> bad = get(cluster, n2, "/kv/zoned-0?r=nearest");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(bad.body()).path("error").asText())
                    .contains("query parameter r must be a whole number from 1 to N=3 or local, was 'nearest'");

            cluster.apply(new FaultAction.CutZone(Zone.of("a")));
            for (Map.Entry<Key, String> e : written.entrySet()) {
                NodeId via = NodeId.of(e.getKey().hashCode() % 2 == 0 ? "n2" : "n6");
                GetResult read = Await.of(cluster.client(via).get(e.getKey()));
                assertThat(texts(read)).as("%s read through %s with zone a cut off", e.getKey(), via).contains(e.getValue());
                String next = e.getValue() + "+";
                Await.of(cluster.client(via).put(e.getKey(), read.context(), bytes(next)));
                e.setValue(next);
            }
            cluster.heal();

            NodeId inA = NodeId.of("n4");
            Await.until("zone a to read every write made while it was cut off", Duration.ofSeconds(30),
                    () -> written.entrySet().stream().allMatch(e -> texts(Await.of(cluster.client(inA).get(e.getKey())))
                            .equals(List.of(e.getValue()))));
        }
    }

    private HttpResponse<byte[]> get(LocalCluster cluster, NodeId node, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(cluster, node, path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> put(LocalCluster cluster, NodeId node, String path, String value) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(cluster, node, path)).timeout(Duration.ofSeconds(10))
                .PUT(HttpRequest.BodyPublishers.ofString(value)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static URI uri(LocalCluster cluster, NodeId node, String path) {
        return URI.create("http://" + NodeAddresses.text(cluster.addresses(node).http()) + path);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> texts(GetResult read) {
        return read.siblings().stream().map(Versioned::value).filter(v -> v instanceof Value.Bytes)
                .map(v -> new String(((Value.Bytes) v).toByteArray(), StandardCharsets.UTF_8)).sorted().toList();
    }
}
