package io.dynacart.store.http;

import static io.dynacart.store.http.KvErrorsIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.storage.BackupManifest;
import io.dynacart.store.storage.BackupSnapshot;
import io.dynacart.store.storage.DiskFullException;
import io.dynacart.store.storage.SnapshotContents;
import io.dynacart.store.storage.StorageException;
import io.dynacart.store.versioning.Context;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /admin/backup} around scripted admin actions: the token, the snapshot's bytes with
 * its manifest, and the node's refusals (another backup under way, a full disk, failed storage) as
 * JSON errors with their statuses.
 */
class BackupEndpointIT {

    static {
        HttpTestCluster.quietLibraries();
    }

    private static final String TOKEN = "backup-token";

    @TempDir
    Path dir;

    private final HttpCalls http = new HttpCalls();
    private NodeHttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private URI start(Supplier<CompletableFuture<BackupSnapshot>> backups) {
        AdminActions actions = new AdminActions() {
            @Override
            public CompletableFuture<Long> join(int weight) {
                return CompletableFuture.completedFuture(1L);
            }

            @Override
            public CompletableFuture<Long> leave(String node) {
                return CompletableFuture.completedFuture(1L);
            }

            @Override
            public CompletableFuture<BackupSnapshot> backup() {
                return backups.get();
            }
        };
        KvStore store = new KvStore() { // not asked: these tests make admin calls only
            @Override
            public Quorum defaultQuorum() {
                return Quorum.DEFAULT;
            }

            @Override
            public CompletableFuture<GetResult> get(Key key, Quorum quorum) {
                return CompletableFuture.failedFuture(new IllegalStateException("not asked"));
            }

            @Override
            public CompletableFuture<Context> put(Key key, Context context, byte[] value, Quorum quorum) {
                return CompletableFuture.failedFuture(new IllegalStateException("not asked"));
            }

            @Override
            public CompletableFuture<Context> delete(Key key, Context context, Quorum quorum) {
                return CompletableFuture.failedFuture(new IllegalStateException("not asked"));
            }
        };
        server = new NodeHttpServer(store, () -> ClusterStatus.sample("n2"), actions,
                HttpConfig.of("127.0.0.1", 0, TOKEN)).start();
        return URI.create("http://127.0.0.1:" + server.boundPort() + "/admin/backup");
    }

    private HttpCalls.Answer post(URI uri, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("X-Admin-Token", token);
        }
        return http.send(b);
    }

    @Test
    void theSnapshotComesBackWithItsManifestAndIsDeletedOnceSent() throws Exception {
        byte[] bytes = new byte[300_000];
        new Random(7).nextBytes(bytes);
        Path file = dir.resolve("snapshot.db");
        Files.write(file, bytes);
        SnapshotContents contents = new SnapshotContents(64, 3, 42, 10, 2, bytes.length, SnapshotContents.sha256(file));
        BackupManifest manifest = BackupManifest.of(new BackupManifest.Taker(NodeId.of("n2"), 1, 5),
                Instant.parse("2026-12-05T10:00:00Z"), contents);
        AtomicBoolean released = new AtomicBoolean();
        URI uri = start(() -> CompletableFuture.completedFuture(new BackupSnapshot(file, manifest, () -> released.set(true))));

        assertError(post(uri, null), 403, "X-Admin-Token");
        assertError(post(uri, "wrong"), 403, "X-Admin-Token");
        assertThat(file).as("a refused call takes no snapshot").exists();

        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                .POST(HttpRequest.BodyPublishers.noBody()).header("X-Admin-Token", TOKEN).timeout(Duration.ofSeconds(10))
                .header("Accept-Encoding", "gzip") // as curl --compressed asks: the bytes must still be the snapshot's
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(bytes);
        assertThat(r.headers().firstValue("Content-Type")).hasValue(BackupHandler.CONTENT_TYPE);
        assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(bytes.length);
        BackupManifest sent = new ObjectMapper().readValue(r.headers().firstValue(BackupHandler.MANIFEST_HEADER)
                .orElseThrow(), BackupManifest.class);
        assertThat(sent).isEqualTo(manifest);
        assertThat(file).as("deleted from the node's disk once sent").doesNotExist();
        assertThat(released).as("the node may take its next backup").isTrue();
    }

    @Test
    void aSecondBackupAFullDiskAndFailedStorageAreNamedErrors() {
        URI busy = start(() -> CompletableFuture.failedFuture(new IllegalStateException(
                "a backup of n2 is already under way (since 2026-12-05T10:00:00Z)")));
        assertError(post(busy, TOKEN), 409, "already under way");
        server.close();

        URI full = start(() -> CompletableFuture.failedFuture(new DiskFullException(
                "not enough free space in /data/n2 for a snapshot")));
        assertError(post(full, TOKEN), 507, "not enough free space in /data/n2");
        server.close();

        URI failed = start(() -> CompletableFuture.failedFuture(new StorageException("the SQLite writer has stopped")));
        assertError(post(failed, TOKEN), 503, "the SQLite writer has stopped");
    }
}
