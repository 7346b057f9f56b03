package io.dynacart.store.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynacart.store.identity.NodeId;
import io.dynacart.testing.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The paper's example (section 4.4, figure 3) end to end: three real nodes over TCP, a client
 * speaking HTTP. A partition lets two coordinators write concurrently; a read returns both
 * siblings with one context; the reconciliation supersedes both.
 */
class SeedExampleOverHttpIT {

    @TempDir
    Path root;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private LocalCluster cluster;

    private URI kv(String node, String key, String query) {
        var a = cluster.addresses(NodeId.of(node)).http();
        return URI.create("http://" + a.getHostString() + ":" + a.getPort() + "/kv/" + key + "?" + query);
    }

    private String put(String node, String context, String value) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(kv(node, "cart%3A42", "w=1"))
                .PUT(HttpRequest.BodyPublishers.ofString(value));
        if (context != null) {
            b.header("X-Context", context);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("PUT %s via %s: %s", value, node, r.body()).isEqualTo(204);
        return r.headers().firstValue("X-Context").orElseThrow();
    }

    private JsonNode get(String node) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(kv(node, "cart%3A42", "r=3")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    private static List<String> values(JsonNode body) {
        List<String> out = new ArrayList<>();
        body.path("siblings").forEach(s -> out.add(new String(Base64.getDecoder().decode(s.asText()), StandardCharsets.UTF_8)));
        out.sort(String::compareTo);
        return out;
    }

    @Test
    void concurrentWritesDuringAPartitionAreReconciledByTheClient() throws Exception {
        cluster = LocalCluster.start(LocalClusterConfig.forTests(3, root));
        try {
            String d1 = put("n1", null, "D1");
            String d2 = put("n1", d1, "D2");
            Await.until("D2 on every replica", java.time.Duration.ofSeconds(5), () -> {
                try {
                    return values(get("n2")).equals(List.of("D2"));
                } catch (Exception e) {
                    return false;
                }
            });

            cluster.partition(List.of(Set.of(NodeId.of("n1")), Set.of(NodeId.of("n2")), Set.of(NodeId.of("n3"))));
            put("n2", d2, "D3");
            put("n3", d2, "D4");
            cluster.heal();

            JsonNode both = get("n1");
            assertThat(values(both)).containsExactly("D3", "D4");
            List<String> clocks = new ArrayList<>();
            both.path("versions").forEach(v -> clocks.add(v.path("clock").asText()));
            assertThat(clocks).containsExactlyInAnyOrder("([n1,2],[n2,1])", "([n1,2],[n3,1])");

            String d5 = put("n1", both.path("context").asText(), "D5");
            JsonNode after = get("n3");
            assertThat(values(after)).containsExactly("D5");
            assertThat(after.path("versions").get(0).path("clock").asText()).isEqualTo("([n1,3],[n2,1],[n3,1])");
            assertThat(d5).isNotBlank();
        } finally {
            cluster.close();
        }
    }
}
