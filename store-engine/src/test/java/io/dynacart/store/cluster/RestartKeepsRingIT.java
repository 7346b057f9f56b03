package io.dynacart.store.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.Ring;
import io.dynacart.store.versioning.Context;
import io.dynacart.testing.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every node keeps the ring it has seen with its data, so a cluster restarted as a whole comes back
 * as it was: founders with weights own partitions in proportion; after a join, stopping every node
 * and starting them again finds the joined node in the ring, serving its data; after a leave, a new
 * {@link LocalCluster} over the same directory (the demo's restart) starts the nodes of the ring and
 * not the one that left; a reweight moves ownership and survives a restart too.
 */
class RestartKeepsRingIT {

    private static final NodeId N1 = NodeId.of("n1");
    private static final NodeId N2 = NodeId.of("n2");
    private static final NodeId N3 = NodeId.of("n3");
    private static final NodeId N4 = NodeId.of("n4");
    private static final Duration RING_CHANGE = Duration.ofSeconds(60);
    private static final int KEYS = 300;

    @TempDir
    Path root;

    @Test
    void joinsLeavesAndWeightsSurviveRestartingEveryNode() throws Exception {
        LocalClusterConfig config = LocalClusterConfig.forTests(3, root).withWeights(List.of(2, 1, 1));
        List<Key> keys = new ArrayList<>();
        try (LocalCluster cluster = LocalCluster.start(config)) {
            Ring first = cluster.ring();
            assertThat(first.weights()).containsEntry(N1, 2).containsEntry(N2, 1).containsEntry(N3, 1);
            assertThat(first.partitionsOwnedBy(N1)).as("weight 2 of 4: half of 256").hasSize(128);
            assertThat(first.partitionsOwnedBy(N2)).as("weight 1 of 4: a quarter").hasSize(64);

            KvStore writer = cluster.client(N1);
            for (int i = 0; i < KEYS; i++) {
                Key key = Key.of("restart-" + i);
                Await.of(writer.put(key, Context.EMPTY, ("value " + i).getBytes(StandardCharsets.UTF_8)));
                keys.add(key);
            }

            cluster.join(N4);
            cluster.awaitRing(2, RING_CHANGE);
            assertThat(cluster.ring().nodes()).contains(N4);

            for (NodeId id : cluster.nodeIds()) {
                cluster.stop(id);
            }
            cluster.restart(N1);
            assertThat(cluster.runtime(N1).view().ring().version())
                    .as("n1, alone and restarted, starts from the ring it kept, not the founders'").isEqualTo(2);
            assertThat(cluster.runtime(N1).view().ring().nodes()).contains(N4);
            for (NodeId id : List.of(N2, N3, N4)) {
                cluster.restart(id);
            }
            assertThat(cluster.runtime(N4).view().ring().partitionsOwnedBy(N4)).isNotEmpty();
            List<Key> n4s = keys.stream()
                    .filter(k -> cluster.ring().preferenceList(KeyHash.of(k), 3).primaries().contains(N4)).toList();
            assertThat(n4s).as("the joined node replicates some keys").isNotEmpty();
            assertThat(n4s).as("the joined node kept the data it took on joining")
                    .allMatch(k -> !cluster.runtime(N4).storage().get(k).isEmpty());
            KvStore viaN4 = cluster.client(N4);
            for (Key k : keys) {
                GetResult read = Await.of(viaN4.get(k, Quorum.DEFAULT));
                assertThat(read.found()).as("%s through the joined node after the restart", k).isTrue();
            }

            cluster.leave(N2, RING_CHANGE);
            assertThat(cluster.ring().nodes()).doesNotContain(N2);
        }

        try (LocalCluster reopened = LocalCluster.start(config)) {
            assertThat(reopened.isRunning(N4)).as("the node that joined starts again").isTrue();
            assertThat(reopened.isRunning(N2)).as("the node that left does not").isFalse();
            assertThat(reopened.ring().version()).isEqualTo(3);
            assertThat(reopened.ring().nodes()).containsExactly(N1, N3, N4);
            for (Key k : keys) {
                assertThat(Await.of(reopened.client(N3).get(k, Quorum.DEFAULT)).found()).as("%s after the leave", k)
                        .isTrue();
            }

            int before = reopened.ring().partitionsOwnedBy(N3).size();
            long target = reopened.reweight(N3, 3);
            reopened.awaitRing(target, RING_CHANGE);
            Ring reweighted = reopened.ring();
            assertThat(reweighted.weights()).containsEntry(N3, 3);
            assertThat(reweighted.partitionsOwnedBy(N3).size()).as("weight 3 of 6").isGreaterThan(before)
                    .isBetween(127, 129);
            for (NodeId id : reopened.nodeIds()) {
                reopened.stop(id);
            }
            for (NodeId id : List.of(N1, N3, N4)) {
                reopened.restart(id);
            }
            assertThat(reopened.runtime(N4).view().ring()).as("the reweighted ring after a restart")
                    .isEqualTo(reweighted);
            for (Key k : keys) {
                assertThat(Await.of(reopened.client(N4).get(k, Quorum.DEFAULT)).found()).as("%s after the reweight", k)
                        .isTrue();
            }
        }
    }
}
