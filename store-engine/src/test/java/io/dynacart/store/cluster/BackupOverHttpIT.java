package io.dynacart.store.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.coordinator.CoordinatorConfig;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.storage.BackupManifest;
import io.dynacart.store.storage.SnapshotContents;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.VectorClock;
import io.dynacart.testing.Await;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real node's {@code POST /admin/backup}: the token, the streamed snapshot matching its manifest,
 * one backup at a time (409 while one is being sent), and a backup abandoned by its caller mid-way
 * freeing the node for the next.
 */
class BackupOverHttpIT {

    /** Values of 4 KiB: a snapshot of some 30 MiB, more than the sockets between client and node buffer. */
    private static final int KEYS = 8_000;

    @TempDir
    Path root;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private HttpRequest backup(URI base, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/admin/backup")).POST(HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(60));
        if (token != null) {
            b.header("X-Admin-Token", token);
        }
        return b.build();
    }

    private void awaitBackupTaken(URI base, String token) {
        Await.until("the node to take a backup again after one was abandoned", Duration.ofSeconds(60), () -> {
            try {
                return http.send(backup(base, token), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void aNodeStreamsOneConsistentSnapshotAtATimeAndRecoversFromAnAbandonedOne() throws Exception {
        Quorum one = new Quorum(1, 1, 1);
        LocalClusterConfig config = LocalClusterConfig.forTests(1, root.resolve("cluster"))
                .withCoordinator(new CoordinatorConfig(one, 1000, VectorClock.DEFAULT_MAX_ENTRIES));
        try (LocalCluster cluster = LocalCluster.start(config)) {
            NodeId n1 = NodeId.of("n1");
            KvStore store = cluster.client(n1);
            Random random = new Random(18);
            for (int i = 0; i < KEYS; i += 100) {
                CompletableFuture<?>[] puts = new CompletableFuture<?>[100];
                for (int j = 0; j < 100; j++) {
                    byte[] value = new byte[4096];
                    random.nextBytes(value);
                    puts[j] = store.put(Key.of("k" + (i + j)), Context.EMPTY, value);
                }
                Await.of(CompletableFuture.allOf(puts));
            }
            var a = cluster.addresses(n1).http();
            URI base = URI.create("http://" + a.getHostString() + ":" + a.getPort());

            HttpResponse<String> refused = http.send(backup(base, "not-the-token"), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("X-Admin-Token");

            // The first backup's body is left unread: the node is still sending it.
            HttpResponse<InputStream> first = http.send(backup(base, cluster.adminToken()),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(first.statusCode()).isEqualTo(200);
            HttpResponse<String> second = http.send(backup(base, cluster.adminToken()), HttpResponse.BodyHandlers.ofString());
            assertThat(second.statusCode()).as(second.body()).isEqualTo(409);
            assertThat(second.body()).contains("already under way");

            BackupManifest manifest = new ObjectMapper().readValue(first.headers().firstValue("X-Backup-Manifest")
                    .orElseThrow(), BackupManifest.class);
            Path received = root.resolve("n1.db");
            try (InputStream body = first.body()) {
                Files.copy(body, received);
            }
            assertThat(manifest.node()).isEqualTo("n1");
            assertThat(manifest.keys()).isEqualTo(KEYS);
            assertThat(Files.size(received)).isEqualTo(manifest.bytes()).isGreaterThan(KEYS * 4096L);
            assertThat(SnapshotContents.sha256(received)).isEqualTo(manifest.sha256());
            SnapshotContents contents = SnapshotContents.read(received);
            assertThat(contents.logIndex()).isEqualTo(manifest.logIndex());

            // A caller that gives up before the snapshot is written, and one that goes away mid-stream: the
            // node frees itself for the next backup either way.
            HttpRequest impatient = HttpRequest.newBuilder(base.resolve("/admin/backup"))
                    .POST(HttpRequest.BodyPublishers.noBody()).header("X-Admin-Token", cluster.adminToken())
                    .timeout(Duration.ofMillis(20)).build();
            try {
                http.send(impatient, HttpResponse.BodyHandlers.discarding());
            } catch (java.net.http.HttpTimeoutException expected) {
                // gone before the answer
            }
            awaitBackupTaken(base, cluster.adminToken());

            HttpResponse<InputStream> abandoned = http.send(backup(base, cluster.adminToken()),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(abandoned.statusCode()).isEqualTo(200);
            try (InputStream body = abandoned.body()) {
                body.readNBytes(1 << 16);
            }
            awaitBackupTaken(base, cluster.adminToken());
            try (var files = Files.list(cluster.dataDir(n1).resolve("backup-snapshot"))) {
                Await.until("no snapshot left on the node's disk", () -> {
                    try (var now = Files.list(cluster.dataDir(n1).resolve("backup-snapshot"))) {
                        return now.findAny().isEmpty();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
            }
        }
    }
}
