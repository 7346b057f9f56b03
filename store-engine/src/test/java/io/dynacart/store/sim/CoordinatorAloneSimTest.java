package io.dynacart.store.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.QuorumNotReachedException;
import io.dynacart.store.coordinator.CoordinatorConfig;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Context;
import io.dynacart.testing.Simulated;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A coordinator that believes every other replica unreachable is its own only first target. Its own
 * copy must not settle the request before W (or R) is reached: the replicas believed down are tried
 * as a last resort, and the request is answered, as a quorum failure, by its deadline, not left
 * waiting forever. It was: the node's HTTP API turned that silence into a 504
 * after its answer timeout (GracefulShutdownIT saw it under load), and an in-process client waited
 * until the node stopped.
 */
@Simulated
class CoordinatorAloneSimTest {

    @Test
    void aRequestWhoseOnlyReachableTargetIsTheCoordinatorFailsAtOnceInsteadOfHanging() {
        NodeId a = NodeId.of("a");
        NodeId b = NodeId.of("b");
        NodeId c = NodeId.of("c");
        SimScheduler scheduler = new SimScheduler();
        SimCluster cluster = new SimCluster(List.of(a, b, c), scheduler, new SplittableRandom(11), CoordinatorConfig.DEFAULT);
        cluster.crash(b);
        cluster.crash(c);

        // The first writes wait for their deadline: each deadline counts a miss against b and c,
        // until a avoids them and is left as its own only target.
        for (int i = 0; i < 4; i++) {
            CompletableFuture<Context> put = cluster.client(a).put(Key.of("k" + i), Context.EMPTY, bytes("v"));
            assertThatThrownBy(() -> scheduler.await(put)).as("put %d is answered, and as a quorum failure", i)
                    .isInstanceOf(QuorumNotReachedException.class).hasMessageContaining("needed 2 replicas");
        }
        assertThat(cluster.node(a).status().unreachable()).as("a avoids the crashed replicas by now").containsExactlyInAnyOrder(b, c);

        CompletableFuture<Context> alone = cluster.client(a).put(Key.of("alone"), Context.EMPTY, bytes("v"));
        long before = scheduler.now();
        assertThatThrownBy(() -> scheduler.await(alone)).isInstanceOf(QuorumNotReachedException.class);
        assertThat(scheduler.now() - before)
                .as("virtual ms to the answer: the replicas believed down are still tried, as a last resort, until the deadline")
                .isLessThanOrEqualTo(CoordinatorConfig.DEFAULT.timeoutMillis());

        CompletableFuture<GetResult> read = cluster.client(a).get(Key.of("k0"));
        assertThatThrownBy(() -> scheduler.await(read)).as("a get that cannot reach R is answered too")
                .isInstanceOf(QuorumNotReachedException.class).hasMessageContaining("needed 2 replicas");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
