package io.dynacart.store.cluster;

import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.KvStoreContract;
import io.dynacart.store.api.Quorum;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client contract through {@link ClusterClient}: the binary client protocol to the key's own
 * nodes of a real cluster ({@link ClusterClientHttpKvStoreIT}: the same over HTTP).
 */
class ClusterClientKvStoreIT extends KvStoreContract {

    @TempDir
    static Path root;
    static LocalCluster cluster;
    static ClusterClient client;

    @BeforeAll
    static void start() {
        start(ClusterClient.Transport.BINARY);
    }

    static void start(ClusterClient.Transport transport) {
        cluster = LocalCluster.start(LocalCluster.Config.forTests(5, root));
        var n2 = cluster.addresses(cluster.nodeIds().get(1)).http();
        client = ClusterClient.connect(List.of(URI.create("http://" + n2.getHostString() + ":" + n2.getPort())),
                Quorum.DEFAULT, Duration.ofSeconds(5), ClusterClient.Options.DEFAULT.withTransport(transport));
    }

    @AfterAll
    static void stop() {
        client.close();
        cluster.close();
    }

    /** The client routes every request itself, whichever node a test names. */
    @Override
    protected KvStore store(int i) {
        return client;
    }

    @Override
    protected <T> T await(CompletableFuture<T> future) {
        return Await.of(future);
    }
}
