package io.dynacart.store.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.MeteredKvStore;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.StoreClosedException;
import io.dynacart.store.cluster.KvStores;
import io.dynacart.store.coordinator.CoordinatorConfig;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Context;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The routing and metering stores of {@link KvStores}, over a simulated five-node cluster. */
class KvStoresSimTest {

    private static final Key KEY = Key.of("cart-1");
    private static final byte[] VALUE = "v".getBytes(StandardCharsets.UTF_8);

    private SimCluster cluster;
    private NodeId n1;
    private NodeId n2;

    @BeforeEach
    void startCluster() {
        cluster = new SimCluster(SimCluster.names(5), new SimScheduler(), new SplittableRandom(7), CoordinatorConfig.DEFAULT);
        n1 = NodeId.of("n1");
        n2 = NodeId.of("n2");
    }

    private <T> T await(CompletableFuture<T> future) {
        return SimAwait.await(cluster.scheduler(), future);
    }

    @Test
    void aPinnedStoreUsesTheNextRunningNodeOfItsOrderAndFailsClosedWhenNoneRuns() {
        KvStore pinned = KvStores.pinned(cluster, List.of(n1, n2), Quorum.DEFAULT);
        await(pinned.put(KEY, Context.EMPTY, VALUE));

        cluster.stop(n1);
        assertThat(await(pinned.get(KEY)).siblings()).as("n2 coordinates while n1 is down").hasSize(1);

        cluster.stop(n2);
        assertThatThrownBy(() -> await(pinned.get(KEY))).isInstanceOf(StoreClosedException.class)
                .hasMessage("every node of [n1, n2] is stopped");

        cluster.restart(n1);
        assertThat(await(pinned.get(KEY)).siblings()).as("a restarted node is used again").hasSize(1);
    }

    @Test
    void anyRunningSkipsStoppedNodesUntilNoneRuns() {
        KvStore any = KvStores.anyRunning(cluster, Quorum.DEFAULT);
        cluster.stop(n1);
        cluster.stop(n2);
        for (int i = 0; i < 5; i++) {
            await(any.put(Key.of("k" + i), Context.EMPTY, VALUE));
        }
        cluster.nodeIds().forEach(cluster::stop);
        assertThatThrownBy(() -> await(any.get(KEY))).isInstanceOf(StoreClosedException.class)
                .hasMessage("no node of the cluster is running");
    }

    @Test
    void roundRobinTakesEachStoreInTurn() {
        List<String> used = new ArrayList<>();
        List<KvStore> stores = new ArrayList<>();
        for (NodeId id : List.of(n1, n2)) {
            stores.add(KvStores.metered(cluster.client(id), (op, nanos, error) -> used.add(id.value())));
        }
        KvStore rr = KvStores.roundRobin(stores);
        for (int i = 0; i < 4; i++) {
            await(rr.put(Key.of("k" + i), Context.EMPTY, VALUE));
        }
        assertThat(used).containsExactly("n1", "n2", "n1", "n2");
    }

    @Test
    void aMeteredStoreTellsEveryCallAndEachReadBeforeTheCallerSeesTheAnswer() {
        List<String> told = new ArrayList<>();
        KvStore metered = KvStores.metered(cluster.client(n1), new MeteredKvStore.Meter() {
            @Override
            public void completed(MeteredKvStore.Op op, long nanos, Throwable error) {
                told.add(op + (error == null ? " ok" : " failed: " + error.getClass().getSimpleName()));
            }

            @Override
            public void read(io.dynacart.store.api.GetResult result) {
                told.add("read " + result.siblings().size());
            }
        });
        await(metered.put(KEY, Context.EMPTY, VALUE));
        await(metered.get(KEY));
        assertThat(told).containsExactly("PUT ok", "read 1", "GET ok");

        cluster.nodeIds().stream().filter(id -> !id.equals(n1)).forEach(cluster::stop);
        assertThatThrownBy(() -> await(metered.put(KEY, Context.EMPTY, VALUE))).isNotNull();
        assertThat(told).last().asString().startsWith("PUT failed: ");
    }
}
