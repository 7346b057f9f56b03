package io.dynacart.store.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.coordinator.CoordinatorConfig;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.Claim;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.Ring;
import io.dynacart.store.storage.Durability;
import io.dynacart.store.storage.StorageHooks;
import io.dynacart.store.versioning.Context;
import io.dynacart.testing.Await;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real nodes (TCP, SQLite, Chronicle logs) whose disk flushes a test can count and hold
 * ({@link StorageHooks#beforeForce}): in {@code one} mode a put is answered only once its durable
 * replica (the coordinator) has forced it, though W replicas acknowledged long before; and a node
 * whose flush is held still answers reads of other keys, because no event loop waits for the disk.
 * "Before" is shown without timing: replies to a later read travel the same links, in order, after
 * the acknowledgements, so once the read is answered the coordinator has counted them.
 */
class DurableReplicaIT {

    private static final List<NodeId> IDS = List.of(NodeId.of("n1"), NodeId.of("n2"), NodeId.of("n3"));
    private static final List<NodeId> FOUR = List.of(NodeId.of("n1"), NodeId.of("n2"), NodeId.of("n3"),
            NodeId.of("n4"));
    private static final Quorum ALL_READ = new Quorum(3, 3, 2);
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path root;

    private final Map<NodeId, NodeAddresses> directory = new ConcurrentHashMap<>();
    private final Map<NodeId, NodeRuntime> nodes = new LinkedHashMap<>();
    private final Map<NodeId, Forces> forces = new LinkedHashMap<>();

    /** Counts a node's disk flushes, and holds each at its start while armed; fails them once broken. */
    private static final class Forces implements StorageHooks {
        final AtomicInteger begun = new AtomicInteger();
        final AtomicBoolean holding = new AtomicBoolean();
        final AtomicBoolean broken = new AtomicBoolean();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void beforeForce() {
            begun.incrementAndGet();
            if (holding.get()) {
                entered.countDown();
                try {
                    release.await(120, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (broken.get()) {
                throw new IllegalStateException("fdatasync failed (injected by the test)");
            }
        }
    }

    @AfterEach
    void stop() {
        forces.values().forEach(f -> f.release.countDown());
        new ArrayList<>(nodes.values()).forEach(NodeRuntime::close);
    }

    private Ring start(Durability mode) {
        return start(mode, IDS);
    }

    private Ring start(Durability mode, List<NodeId> ids) {
        Map<NodeId, Integer> weights = new LinkedHashMap<>();
        ids.forEach(id -> weights.put(id, 1));
        Ring ring = Claim.initial(weights, 16, 3);
        for (NodeId id : ids) {
            InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
            NodeRuntimeConfig settings = new NodeRuntimeConfig(id, root.resolve(id.value()), new NodeAddresses(any, any),
                    directory::get, () -> ring, "durable-replica-test-secret".getBytes(StandardCharsets.US_ASCII),
                    "admin-token", new CoordinatorConfig(new Quorum(3, 2, 2), 30_000, 10), mode);
            Forces f = new Forces();
            NodeRuntime node = NodeRuntime.start(settings, f);
            directory.put(id, node.addresses());
            nodes.put(id, node);
            forces.put(id, f);
        }
        Await.until("every node to reach every other", DEADLINE, () -> ids.stream().allMatch(this::writesToAll));
        return ring;
    }

    /** Whether a put through {@code id} with W=3 succeeds: its links to both peers are up. */
    private boolean writesToAll(NodeId id) {
        try {
            put(id, "warm-up-" + id.value(), new Quorum(3, 2, 3)).get(10, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private CompletableFuture<Context> put(NodeId via, String key, Quorum quorum) {
        return nodes.get(via).client().put(Key.of(key), Context.EMPTY, key.getBytes(StandardCharsets.UTF_8), quorum);
    }

    private GetResult readThroughEveryReplica(NodeId via, String key) throws Exception {
        return nodes.get(via).client().get(Key.of(key), ALL_READ).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void inOneModeAPutIsAnsweredOnlyAfterItsDurableReplicaForcedItThoughWRepliesCameFirst() throws Exception {
        start(Durability.ONE);
        NodeId n1 = IDS.get(0);
        Forces coordinator = forces.get(n1);
        int othersBefore = forces.get(IDS.get(1)).begun.get() + forces.get(IDS.get(2)).begun.get();
        coordinator.holding.set(true);

        CompletableFuture<Context> put = put(n1, "durable", new Quorum(3, 2, 2));
        assertThat(coordinator.entered.await(30, TimeUnit.SECONDS)).as("n1 began forcing its copy").isTrue();
        GetResult other = readThroughEveryReplica(n1, "warm-up-n2");
        assertThat(other.found()).as("n1 answers a read of another key while its force is held: its loop is free")
                .isTrue();
        for (NodeId peer : IDS.subList(1, 3)) {
            assertThat(nodes.get(peer).storage().get(Key.of("durable"))).as("%s holds the write: it acknowledged"
                    + " once appended, before its reply to that read", peer).isNotEmpty();
        }
        assertThat(put).as("W=2 acknowledged, but not the durable replica: no answer yet").isNotDone();
        assertThat(forces.get(IDS.get(1)).begun.get() + forces.get(IDS.get(2)).begun.get())
                .as("the other replicas buffer the write: they force nothing").isEqualTo(othersBefore);

        coordinator.release.countDown();
        assertThat(put.get(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("answered once n1 forced its copy").isNotNull();
    }

    @Test
    void aReplicaWhoseFlushIsHeldStillAnswersReadsOfOtherKeys() throws Exception {
        start(Durability.FSYNC);
        NodeId n2 = IDS.get(1);
        Forces replica = forces.get(n2);
        replica.holding.set(true);

        CompletableFuture<Context> put = put(IDS.get(0), "held-on-n2", new Quorum(3, 2, 2));
        assertThat(replica.entered.await(30, TimeUnit.SECONDS)).as("n2 began forcing the write").isTrue();
        assertThat(readThroughEveryReplica(IDS.get(0), "warm-up-n3").found())
                .as("a read that needs n2's reply is answered while n2's flush is held: n2's loop does not wait")
                .isTrue();
        assertThat(put.get(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("n1 and n3 made W=2").isNotNull();

        replica.release.countDown();
        Await.until("n2 to hold the write", DEADLINE,
                () -> !nodes.get(n2).storage().get(Key.of("held-on-n2")).isEmpty());
    }

    @Test
    void whenTheDurableReplicaCannotForceAStandInForcesInItsPlaceAndThePutIsAnsweredAfterIt() throws Exception {
        Ring ring = start(Durability.ONE, FOUR);
        Key key = Key.of("stood-in");
        List<NodeId> primaries = ring.preferenceList(KeyHash.of(key), 3).primaries();
        NodeId coordinator = primaries.get(0);
        NodeId spare = FOUR.stream().filter(id -> !primaries.contains(id)).findFirst().orElseThrow();
        int spareBefore = forces.get(spare).begun.get();
        forces.get(coordinator).broken.set(true);

        Context written = put(coordinator, "stood-in", new Quorum(3, 2, 2)).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

        assertThat(written).as("answered although the coordinator's own copy never reached its disk").isNotNull();
        assertThat(nodes.get(coordinator).failure()).as("the failed force failed that node's storage").isPresent();
        assertThat(nodes.get(spare).storage().hints().counts()).as("%s stood in for %s with a hint", spare, coordinator)
                .containsEntry(coordinator, 1L);
        assertThat(forces.get(spare).begun.get()).as("and forced it before acknowledging: the durable copy")
                .isGreaterThan(spareBefore);
    }
}
