package io.dynacart.store.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.identity.NodeId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's HTTP calls for leave, join and reweight: guarded by the admin token, bad input named,
 * one ring change at a time, a leave carried out.
 */
class AdminCallsIT {

    @TempDir
    Path root;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aLeaveNeedsTheTokenNamesBadInputAndThenMovesTheRing() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(LocalClusterConfig.forTests(4, root))) {
            var a = cluster.addresses(NodeId.of("n1")).http();
            String base = "http://" + a.getHostString() + ":" + a.getPort();

            HttpResponse<String> noToken = post(base + "/admin/leave?node=n4", null);
            assertThat(noToken.statusCode()).isEqualTo(403);
            assertThat(noToken.body()).contains("X-Admin-Token").doesNotContain("Exception");

            HttpResponse<String> badName = post(base + "/admin/leave?node=bad%20name", cluster.adminToken());
            assertThat(badName.statusCode()).isEqualTo(400);
            assertThat(badName.body()).contains("node");

            HttpResponse<String> stranger = post(base + "/admin/leave?node=n9", cluster.adminToken());
            assertThat(stranger.statusCode()).as(stranger.body()).isIn(400, 409);
            assertThat(stranger.body()).contains("n9");

            HttpResponse<String> badWeight = post(base + "/admin/join?weight=0", cluster.adminToken());
            assertThat(badWeight.statusCode()).isEqualTo(400);

            assertThat(post(base + "/admin/reweight?node=n2&weight=2", null).statusCode()).isEqualTo(403);
            assertThat(post(base + "/admin/reweight?weight=2", cluster.adminToken()).body()).contains("name the node");
            assertThat(post(base + "/admin/reweight?node=n2", cluster.adminToken()).body()).contains("new weight");
            HttpResponse<String> heavy = post(base + "/admin/reweight?node=n2&weight=101", cluster.adminToken());
            assertThat(heavy.statusCode()).isEqualTo(400);
            assertThat(heavy.body()).contains("weight must be from 1 to 100, was 101");
            HttpResponse<String> same = post(base + "/admin/reweight?node=n2&weight=1", cluster.adminToken());
            assertThat(same.statusCode()).isEqualTo(400);
            assertThat(same.body()).contains("node n2 already has weight 1");
            HttpResponse<String> outside = post(base + "/admin/reweight?node=n9&weight=2", cluster.adminToken());
            assertThat(outside.statusCode()).isEqualTo(400);
            assertThat(outside.body()).contains("n9 is not in the ring");

            HttpResponse<String> leave = post(base + "/admin/leave?node=n4", cluster.adminToken());
            assertThat(leave.statusCode()).as(leave.body()).isEqualTo(202);
            assertThat(leave.body()).contains("\"targetRingVersion\":2");

            HttpResponse<String> second = post(base + "/admin/leave?node=n3", cluster.adminToken());
            assertThat(second.statusCode()).as("one ring change at a time: " + second.body()).isEqualTo(409);
            HttpResponse<String> during = post(base + "/admin/reweight?node=n2&weight=2", cluster.adminToken());
            assertThat(during.statusCode()).as(during.body()).isEqualTo(409);
            assertThat(during.body()).contains("cannot re-weight n2: the ring is moving from version 1 to 2");

            cluster.awaitRing(2, Duration.ofSeconds(60));
            assertThat(cluster.ring().nodes()).containsExactly(NodeId.of("n1"), NodeId.of("n2"), NodeId.of("n3"));
        }
    }

    @Test
    void aRepairNeedsTheTokenNamesBadPartitionsAndQueuesAnExchangePerPeer() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(LocalClusterConfig.forTests(3, root))) {
            var a = cluster.addresses(NodeId.of("n1")).http();
            String base = "http://" + a.getHostString() + ":" + a.getPort();

            assertThat(post(base + "/admin/repair?partition=0", null).statusCode()).isEqualTo(403);
            HttpResponse<String> bad = post(base + "/admin/repair?partition=x", cluster.adminToken());
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("partition");
            HttpResponse<String> outside = post(base + "/admin/repair?partition=256", cluster.adminToken());
            assertThat(outside.statusCode()).isEqualTo(400);
            assertThat(outside.body()).contains("0 to 255");

            // Three nodes, N=3: n1 holds every partition with both others.
            HttpResponse<String> repair = post(base + "/admin/repair?partition=7", cluster.adminToken());
            assertThat(repair.statusCode()).as(repair.body()).isEqualTo(202);
            assertThat(repair.body()).contains("\"partition\":7").contains("\"exchanges\":2");
        }
    }

    private HttpResponse<String> post(String uri, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri)).POST(HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("X-Admin-Token", token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
