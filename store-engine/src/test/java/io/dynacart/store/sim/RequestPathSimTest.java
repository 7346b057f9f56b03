package io.dynacart.store.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.QuorumNotReachedException;
import io.dynacart.store.coordinator.CoordinatorConfig;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.PreferenceList;
import io.dynacart.store.storage.Storage;
import io.dynacart.store.storage.StoredHint;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.VectorClock;
import io.dynacart.store.versioning.Versioned;
import io.dynacart.testing.Simulated;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The request path's scenarios, each in a simulated cluster on virtual time. */
@Simulated
class RequestPathSimTest {

    private static final NodeId SX = NodeId.of("Sx");
    private static final NodeId SY = NodeId.of("Sy");
    private static final NodeId SZ = NodeId.of("Sz");

    private SimCluster cluster;

    private SimCluster cluster(List<NodeId> nodes) {
        cluster = new SimCluster(nodes, new SimScheduler(), new SplittableRandom(7), CoordinatorConfig.DEFAULT);
        return cluster;
    }

    private <T> T await(CompletableFuture<T> f) {
        return SimAwait.await(cluster.scheduler(), f);
    }

    private KvStore via(NodeId node) {
        return cluster.client(node);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> texts(GetResult r) {
        return r.values().stream().map(b -> new String(b, StandardCharsets.UTF_8)).sorted().toList();
    }

    @Test
    void thePapersExampleUnderAPartition() {
        cluster(List.of(SX, SY, SZ));
        Key key = Key.of("cart:42");
        Quorum one = new Quorum(3, 1, 1);
        Context d1 = await(via(SX).put(key, Context.EMPTY, bytes("D1"), one));
        Context d2 = await(via(SX).put(key, d1, bytes("D2"), Quorum.DEFAULT));
        cluster.scheduler().runFor(100);

        cluster.network().partition(List.of(Set.of(SX), Set.of(SY), Set.of(SZ)));
        await(via(SY).put(key, d2, bytes("D3"), one));
        await(via(SZ).put(key, d2, bytes("D4"), one));
        cluster.network().heal();
        cluster.scheduler().runFor(1_000);

        GetResult both = await(via(SX).get(key, new Quorum(3, 3, 2)));
        assertThat(texts(both)).containsExactly("D3", "D4");
        assertThat(both.versions()).extracting(v -> v.version().clock().toString())
                .containsExactlyInAnyOrder("([Sx,2],[Sy,1])", "([Sx,2],[Sz,1])");

        Context d5 = await(via(SX).put(key, both.context(), bytes("D5 = D3 + D4")));
        assertThat(d5.clock()).hasToString("([Sx,3],[Sy,1],[Sz,1])");
        GetResult after = await(via(SY).get(key, new Quorum(3, 3, 2)));
        assertThat(texts(after)).containsExactly("D5 = D3 + D4");
    }

    @Test
    void aPrimaryDownDuringWritesIsServedByFallbacksWithHintsThatAreDeliveredWhenItReturns() {
        cluster(SimCluster.names(5));
        Key key = Key.of("cart:7");
        PreferenceList list = cluster.ring().preferenceList(KeyHash.of(key), 3);
        NodeId down = list.primaries().get(1);
        NodeId coordinator = list.primaries().get(0);
        cluster.crash(down);

        Context last = Context.EMPTY;
        for (int i = 0; i < 5; i++) {
            last = await(via(coordinator).put(key, last, bytes("v" + i)));
        }
        cluster.scheduler().runFor(CoordinatorConfig.DEFAULT.timeoutMillis() + 100); // past the writes' deadlines
        assertThat(cluster.storage(down).get(key)).as("the primary was down").isEmpty();
        long hintsHeld = cluster.nodeIds().stream().mapToLong(n -> cluster.storage(n).hints().counts().getOrDefault(down, 0L)).sum();
        assertThat(hintsHeld).as("a fallback keeps the key for the primary").isEqualTo(1);

        cluster.restart(down);
        cluster.scheduler().runFor(3_000);

        assertThat(cluster.nodeIds()).allSatisfy(n -> assertThat(cluster.storage(n).hints().counts()).as("hints on %s", n).isEmpty());
        for (NodeId primary : list.primaries()) {
            assertThat(cluster.storage(primary).get(key)).as("replica %s", primary).extracting(Versioned::dot)
                    .containsExactlyElementsOf(cluster.storage(coordinator).get(key).stream().map(Versioned::dot).toList());
        }
        assertThat(texts(await(via(down).get(key)))).containsExactly("v4");
    }

    @Test
    void aPutArrivingOutsideTheFirstNIsCoordinatedByAPrimary() {
        cluster(SimCluster.names(5));
        Key key = Key.of("k");
        PreferenceList list = cluster.ring().preferenceList(KeyHash.of(key), 3);
        NodeId outsider = list.fallbacks().get(0);

        Context written = await(via(outsider).put(key, Context.EMPTY, bytes("v")));

        assertThat(written.clock().entries()).extracting(VectorClock.Entry::node)
                .as("the version's clock names a replica, not the node that received the put")
                .containsExactly(list.primaries().get(0));
    }

    @Test
    void withoutAQuorumAWriteAndAReadFailNamingTheSilentNodes() {
        cluster(SimCluster.names(3));
        Key key = Key.of("k");
        NodeId[] nodes = cluster.nodeIds().toArray(NodeId[]::new);
        await(via(nodes[0]).put(key, Context.EMPTY, bytes("v")));
        cluster.network().partition(List.of(Set.of(nodes[0]), Set.of(nodes[1], nodes[2])));

        assertThatThrownBy(() -> await(via(nodes[0]).put(key, Context.EMPTY, bytes("w"))))
                .isInstanceOf(QuorumNotReachedException.class)
                .hasMessageContaining("put needed 2 replicas but 1 answered")
                .hasMessageContaining(nodes[1].toString()).hasMessageContaining(nodes[2].toString());
        assertThatThrownBy(() -> await(via(nodes[0]).get(key)))
                .isInstanceOf(QuorumNotReachedException.class)
                .hasMessageContaining("get needed 2 replicas but 1 answered");

        cluster.network().heal();
        cluster.scheduler().runFor(2_000);
        assertThat(texts(await(via(nodes[1]).get(key, new Quorum(3, 3, 2)))))
                .as("the failed write stays where it landed, as the paper's store does")
                .containsExactly("v", "w");
    }

    @Test
    void readRepairBringsAStaleReplicaUpToDate() {
        cluster(SimCluster.names(3));
        Key key = Key.of("k");
        NodeId[] nodes = cluster.nodeIds().toArray(NodeId[]::new);
        cluster.network().isolate(nodes[2]);
        await(via(nodes[0]).put(key, Context.EMPTY, bytes("v")));
        cluster.scheduler().runFor(1_000);
        // With no fallback left the coordinator keeps the copy for the silent node as a hint; lose it,
        // as a crash of the hint's holder would, so that only read repair can bring the copy back.
        Storage coordinator = cluster.storage(nodes[0]);
        List<StoredHint> hints = coordinator.hints().forNode(nodes[2], 10);
        assertThat(hints).as("hint kept by the coordinator").hasSize(1);
        assertThat(coordinator.hints().delete(nodes[2], key, hints.get(0).siblings())).isTrue();
        cluster.network().heal();
        cluster.scheduler().runFor(1_000);
        assertThat(cluster.storage(nodes[2]).get(key)).as("missed the write").isEmpty();

        await(via(nodes[0]).get(key, new Quorum(3, 2, 2)));
        cluster.scheduler().runFor(1_000);

        assertThat(cluster.storage(nodes[2]).get(key)).as("repaired by the read").hasSize(1);
    }

    /**
     * The issue 15 scenario in virtual time: {n1,n2} | {n3,n4,n5}, and a put through n1 of a key whose
     * replicas are n3, n4, n5. The first put after the partition begins is answered within the short
     * deadline (two replica waits of a measured peer: 2 x 20 ms) plus a round trip or two, not after
     * the request timeout; those after it too.
     */
    @Test
    void theFirstPutAfterAPartitionCutsOffEveryReplicaIsTakenOverWithinTheShortDeadline() {
        cluster(SimCluster.names(5));
        Set<NodeId> far = Set.of(NodeId.of("n3"), NodeId.of("n4"), NodeId.of("n5"));
        Key key = java.util.stream.IntStream.range(0, 1_000).mapToObj(i -> Key.of("cut-" + i))
                .filter(k -> Set.copyOf(cluster.ring().preferenceList(KeyHash.of(k), 3).primaries()).equals(far))
                .findFirst().orElseThrow();
        NodeId n1 = NodeId.of("n1");
        for (int i = 0; i < 20; i++) { // n1 measures its round trips to the key's primaries
            await(via(n1).put(key, Context.EMPTY, bytes("warm " + i)));
        }
        cluster.network().partition(List.of(Set.of(n1, NodeId.of("n2")), far));

        for (int i = 0; i < 3; i++) {
            long started = cluster.scheduler().now();
            Context written = await(via(n1).put(key, Context.EMPTY, bytes("during " + i)));
            long took = cluster.scheduler().now() - started;
            assertThat(took).as("put %d after the partition began, virtual ms", i)
                    .isLessThanOrEqualTo(2 * 20 + 2 * 8);
            assertThat(written.clock().entries()).extracting(e -> e.node().value())
                    .as("taken over by n1 under its fallback name").anyMatch(name -> name.startsWith("n1_"));
        }
    }
}
