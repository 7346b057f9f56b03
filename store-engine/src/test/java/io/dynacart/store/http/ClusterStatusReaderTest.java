package io.dynacart.store.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ClusterStatusReaderTest {

    @Test
    void aDocumentReadsBackIntoTheStatusItWasWrittenFrom() {
        ClusterStatus sample = ClusterStatus.sample();
        List<String> owners = java.util.stream.IntStream.range(0, 64).mapToObj(p -> p % 3 == 0 ? "n1" : "n2").toList();
        TreeMap<String, Integer> weights = new TreeMap<>(java.util.Map.of("n1", 1, "n2", 2));
        List<ClusterStatus.NodeView> zoned = sample.nodes().stream().map(n -> new ClusterStatus.NodeView(n.id(),
                n.httpAddress(), n.tcpAddress(), n.clientAddress(), n.status(), n.partitionsOwned(), n.membership(),
                n.suspicion(), "zone-" + n.id())).toList();
        ClusterStatus status = new ClusterStatus(sample.node(), 7, 64, zoned, sample.hintsPending(), 3, owners,
                new ClusterStatus.Transfers(8, 2, 1, 1, 0, 0, 100, 4, 12), new ClusterStatus.AntiEntropy(1, 2, 3, 4, 5, 6),
                new ClusterStatus.Load(10, 20, 1), weights, new ClusterStatus.Reclaim(16, 5120, 741376, 1, 0, 737280,
                2297856, 4128272, 8192, true, 2, 410, 59950, List.of(new ClusterStatus.PendingPartition(17, 310, 44950,
                "dropping"), new ClusterStatus.PendingPartition(40, 100, 15000, "settling"))));

        byte[] json = new JsonWriter().bytes(status);
        assertThat(ClusterStatusReader.read(json)).as("write then read is the identity").isEqualTo(status);
        assertThat(new String(json, StandardCharsets.UTF_8)).as("the names HTTP-API.md documents").contains(
                "\"reclaim\":{\"partitionsDropped\":16,\"keysDropped\":5120,\"bytesDropped\":741376,\"dropsHalted\":1,"
                        + "\"dropsFailed\":0,\"fileBytesReturned\":737280,\"databaseBytes\":2297856,\"walBytes\":4128272,"
                        + "\"freeBytes\":8192,\"returnsFreeSpace\":true,\"pendingPartitions\":2,\"pendingKeys\":410,"
                        + "\"pendingBytes\":59950,\"pending\":[{\"partition\":17,\"keys\":310,\"bytes\":44950,"
                        + "\"waitingFor\":\"dropping\"}");
    }

    @Test
    void anOlderNodesDocumentReadsWithEmptyValuesForWhatItDoesNotSend() {
        String older = "{\"node\":\"n1\",\"ringVersion\":1,\"partitionCount\":2,\"requestsInFlight\":0,"
                + "\"nodes\":[{\"id\":\"n1\",\"httpAddress\":\"127.0.0.1:7101\",\"tcpAddress\":\"127.0.0.1:7201\","
                + "\"status\":\"reachable\",\"partitionsOwned\":2}],\"hintsPending\":{},\"owners\":[\"n1\",\"n1\"]}";

        ClusterStatus status = ClusterStatusReader.read(older.getBytes(StandardCharsets.UTF_8));

        assertThat(status.weights()).as("no weights sent: none known").isEmpty();
        assertThat(status.nodes().get(0).clientAddress()).as("no client protocol announced").isEmpty();
        assertThat(status.nodes().get(0).membership()).isEqualTo("up");
        assertThat(status.nodes().get(0).zone()).as("no zone sent: the default zone").isEqualTo("default");
        assertThat(status.transfers()).isEqualTo(ClusterStatus.Transfers.NONE);
        assertThat(status.reclaim()).as("no reclaim figures sent: none").isEqualTo(ClusterStatus.Reclaim.NONE);
        assertThat(status.owners()).containsExactly("n1", "n1");
    }

    @Test
    void aBadDocumentIsRefusedNamingTheProblem() {
        assertThatThrownBy(() -> ClusterStatusReader.read("{\"node\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> ClusterStatusReader.read("[1]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> ClusterStatusReader.read(("{\"node\":\"n1\",\"ringVersion\":1,\"partitionCount\":1,"
                + "\"nodes\":[{\"id\":\"n1\",\"httpAddress\":\"\",\"tcpAddress\":\"\"}],\"owners\":[\"n1\"],"
                + "\"weights\":{\"n1\":0}}").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weight of n1 must be >= 1");
        assertThatThrownBy(() -> ClusterStatusReader.read(("{\"node\":\"n1\",\"ringVersion\":1,\"partitionCount\":1,"
                + "\"nodes\":[{\"id\":\"n1\",\"httpAddress\":\"\",\"tcpAddress\":\"\",\"zone\":\"eu west\"}]}")
                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zone of n1 contains the character ' '");
    }
}
