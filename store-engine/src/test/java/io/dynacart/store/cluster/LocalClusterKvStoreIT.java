package io.dynacart.store.cluster;

import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.KvStoreContract;
import io.dynacart.testing.Await;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The client contract bound to a real five-node cluster: SQLite, append logs and TCP between nodes. */
class LocalClusterKvStoreIT extends KvStoreContract {

    @TempDir
    static Path root;
    static LocalCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = LocalCluster.start(LocalClusterConfig.forTests(5, root));
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Override
    protected KvStore store(int i) {
        return cluster.client(cluster.nodeIds().get(i));
    }

    @Override
    protected <T> T await(CompletableFuture<T> future) {
        return Await.of(future);
    }
}
