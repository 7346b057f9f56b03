package io.dynacart.store.cluster;

import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.KvStoreContract;
import io.dynacart.store.api.Quorum;
import io.dynacart.testing.Await;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link KvStoreContract} bound to a {@link ClusterClient} over one transport: a five-node
 * cluster per test class, its client seeded with n2's HTTP address.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ClusterClientBinding extends KvStoreContract {

    private LocalCluster cluster;
    private ClusterClient client;

    protected abstract ClusterClient.Transport transport();

    @BeforeAll
    void start(@TempDir Path root) {
        cluster = LocalCluster.start(LocalClusterConfig.forTests(5, root));
        var n2 = cluster.addresses(cluster.nodeIds().get(1)).http();
        client = ClusterClient.connect(List.of(URI.create("http://" + n2.getHostString() + ":" + n2.getPort())),
                Quorum.DEFAULT, Duration.ofSeconds(5), ClusterClient.Config.DEFAULT.withTransport(transport()));
    }

    @AfterAll
    void stop() {
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
