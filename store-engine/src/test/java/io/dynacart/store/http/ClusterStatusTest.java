package io.dynacart.store.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ClusterStatusTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void serialisesToTheDocumentedShape() throws Exception {
        JsonNode json = mapper.readTree(new JsonWriter().bytes(ClusterStatus.sample()));
        assertThat(json.path("node").asText()).isEqualTo("n1");
        assertThat(json.path("ringVersion").asLong()).isEqualTo(1);
        assertThat(json.path("partitionCount").asInt()).isEqualTo(64);
        assertThat(json.path("requestsInFlight").asInt()).isZero();
        assertThat(json.path("hintsPending").path("n3").asLong()).isEqualTo(2);
        JsonNode n3 = json.path("nodes").get(2);
        assertThat(n3.path("id").asText()).isEqualTo("n3");
        assertThat(n3.path("httpAddress").asText()).isEqualTo("127.0.0.1:7103");
        assertThat(n3.path("tcpAddress").asText()).isEqualTo("127.0.0.1:7203");
        assertThat(n3.path("status").asText()).isEqualTo("unreachable");
        assertThat(n3.path("partitionsOwned").asInt()).isEqualTo(21);
        int owned = 0;
        for (JsonNode n : json.path("nodes")) {
            owned += n.path("partitionsOwned").asInt();
        }
        assertThat(owned).as("the sample's nodes own the whole ring").isEqualTo(64);
    }

    @Test
    void theAnsweringNodeMustBeListedOnceAndIdsMustBeValid() {
        ClusterStatus.NodeView n2 = ClusterStatus.sample().nodes().get(1);
        assertThatThrownBy(() -> new ClusterStatus("n1", 1, 64, List.of(n2), new TreeMap<>(), 0))
                .hasMessageContaining("missing from the node list");
        assertThatThrownBy(() -> new ClusterStatus("n2", 1, 64, List.of(n2, n2), new TreeMap<>(), 0))
                .hasMessageContaining("listed twice");
        assertThatThrownBy(() -> new ClusterStatus("n 1", 1, 64, List.of(n2), new TreeMap<>(), 0))
                .hasMessageContaining("node id");
    }
}
