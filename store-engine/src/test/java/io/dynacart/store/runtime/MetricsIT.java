package io.dynacart.store.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.cluster.LocalCluster;
import io.dynacart.store.cluster.LocalClusterConfig;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Context;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /metrics}: Prometheus text with the request, quorum, sibling, hint, repair, transfer and storage meters. */
class MetricsIT {

    /** One sample line of the text format: {@code name{labels} value}. */
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*\\})? "
                    + "(-?[0-9.eE+-]+|NaN|[+-]Inf)");

    @TempDir
    Path root;

    @Test
    void eachNodeExposesItsOwnMetricsInPrometheusFormat() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(LocalClusterConfig.forTests(3, root))) {
            KvStore n1 = cluster.client(NodeId.of("n1"));
            for (int i = 0; i < 20; i++) {
                Key key = Key.of("metrics:" + i);
                n1.put(key, Context.EMPTY, ("v" + i).getBytes(StandardCharsets.UTF_8)).join();
                GetResult r = n1.get(key).join();
                assertThat(r.found()).isTrue();
            }
            var a = cluster.addresses(NodeId.of("n1")).http();
            HttpResponse<String> answer = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://" + a.getHostString() + ":" + a.getPort() + "/metrics"))
                            .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");

            Map<String, Double> samples = parse(answer.body());
            assertThat(samples.get("dynacart_requests_seconds_count{node=\"n1\",op=\"put\",outcome=\"ok\"}"))
                    .isEqualTo(20.0);
            assertThat(samples.get("dynacart_requests_seconds_count{node=\"n1\",op=\"get\",outcome=\"ok\"}"))
                    .isEqualTo(20.0);
            assertThat(samples).containsKey(
                    "dynacart_requests_seconds{node=\"n1\",op=\"get\",outcome=\"ok\",quantile=\"0.999\"}");
            assertThat(samples.get("dynacart_read_siblings_count{node=\"n1\"}")).isEqualTo(20.0);
            assertThat(samples.get("dynacart_read_siblings_sum{node=\"n1\"}")).isEqualTo(20.0);
            assertThat(samples.get("dynacart_quorum_failures_total{node=\"n1\",op=\"put\"}")).isEqualTo(0.0);
            assertThat(samples.get("dynacart_storage_keys{node=\"n1\"}")).isGreaterThan(0.0);
            assertThat(samples.get("dynacart_storage_bytes{node=\"n1\"}")).isGreaterThan(0.0);
            for (String name : new String[] {"dynacart_hints_stored_total", "dynacart_hints_delivered_total",
                    "dynacart_hints_pending", "dynacart_antientropy_keys_repaired_total",
                    "dynacart_transfer_keys_moved_total", "dynacart_transfer_bytes_moved_total",
                    "dynacart_transfer_partitions_asked", "dynacart_transfer_partitions_done", "dynacart_log_lag"}) {
                assertThat(samples).as(name).containsKey(name + "{node=\"n1\"}");
            }
            assertThat(samples.get("dynacart_background_share{node=\"n1\"}")).as("the admission controller's share")
                    .isBetween(0.1, 1.0);
            assertThat(samples).containsKey("dynacart_foreground_p99_seconds{node=\"n1\"}");

            // A put that cannot reach W=2 counts as a quorum failure.
            cluster.stop(NodeId.of("n2"));
            cluster.stop(NodeId.of("n3"));
            assertThat(n1.put(Key.of("metrics:lonely"), Context.EMPTY, new byte[] {1}).handle((c, e) -> e).join())
                    .isNotNull();
            Map<String, Double> after = parse(cluster.runtime(NodeId.of("n1")).metrics().scrape());
            assertThat(after.get("dynacart_quorum_failures_total{node=\"n1\",op=\"put\"}")).isEqualTo(1.0);
            assertThat(after.get("dynacart_requests_seconds_count{node=\"n1\",op=\"put\",outcome=\"failed\"}"))
                    .isEqualTo(1.0);

            // Its own registry: n2 coordinated nothing.
            cluster.restart(NodeId.of("n2"));
            String n2 = cluster.runtime(NodeId.of("n2")).metrics().scrape();
            assertThat(parse(n2).get("dynacart_requests_seconds_count{node=\"n2\",op=\"put\",outcome=\"ok\"}"))
                    .isEqualTo(0.0);
        }
    }

    /** Every line is a comment or a sample; samples by name and labels. */
    private static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertThat(m.matches()).as("a Prometheus sample line: " + line).isTrue();
            samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)
                    .replace("+Inf", "Infinity").replace("-Inf", "-Infinity")));
        }
        return samples;
    }
}
