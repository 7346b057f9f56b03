package io.dynacart.store.sim;

import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.KvStoreContract;
import io.dynacart.store.coordinator.CoordinatorConfig;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;

/** The client contract bound to a five-node simulated cluster on a perfect network. */
class SimKvStoreTest extends KvStoreContract {

    private SimCluster cluster;

    @BeforeEach
    void startCluster() {
        cluster = new SimCluster(SimCluster.names(5), new SimScheduler(), new SplittableRandom(42), CoordinatorConfig.DEFAULT);
    }

    @Override
    protected KvStore store(int i) {
        return cluster.client(cluster.nodeIds().get(i));
    }

    @Override
    protected <T> T await(CompletableFuture<T> future) {
        return SimAwait.await(cluster.scheduler(), future);
    }
}
