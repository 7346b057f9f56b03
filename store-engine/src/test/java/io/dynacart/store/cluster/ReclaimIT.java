package io.dynacart.store.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.handoff.ReclaimConfig;
import io.dynacart.store.http.ClusterStatus;
import io.dynacart.store.http.ClusterStatusReader;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.ring.Ring;
import io.dynacart.store.runtime.BackgroundWorkConfig;
import io.dynacart.store.runtime.NodeAddresses;
import io.dynacart.store.storage.SqliteStorage;
import io.dynacart.store.versioning.Context;
import io.dynacart.testing.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Getting disk space back after a join and a leave, on three real nodes (SQLite, TCP) that take a
 * fourth: once the new ring has settled, each old node drops the partitions it no longer replicates,
 * its database gives the whole pages that freed back and shrinks, {@code GET /cluster} says what it
 * dropped and gave back, and every key still reads at quorum with all its versions. Then a node
 * leaves and, kept running, empties itself: its file, once closed, is a fraction of what it was.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReclaimIT {

    private static final int KEYS = 1_500;
    private static final int TWO_VERSION_KEYS = 100;
    /**
     * Keys whose value fills overflow pages of their own (16 KiB): dropping them frees whole pages,
     * which go back to the file system. The rows of small values share pages with other partitions'
     * rows; the room their drop leaves is reused by later writes (SqliteStorageReclaimIT shows both).
     */
    private static final int LARGE_KEYS = 40;
    private static final List<NodeId> FOUNDERS = List.of(NodeId.of("n1"), NodeId.of("n2"), NodeId.of("n3"));
    private static final NodeId JOINER = NodeId.of("n4");
    /** A short settle time: the nodes of one JVM hear of a ring within a gossip round or two. */
    private static final ReclaimConfig RECLAIM = ReclaimConfig.DEFAULT.withSettleMillis(1_000);
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    static Path root;

    private static LocalCluster cluster;
    /** Every key written, with the values it must read as. */
    private static final Map<Key, Set<String>> written = new LinkedHashMap<>();
    /** Each founder's database before the join (its pages: the file's size once checkpointed). */
    private static final Map<NodeId, Long> sizesBefore = new TreeMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startAndWrite() {
        cluster = LocalCluster.start(LocalClusterConfig.forTests(3, root)
                .withBackground(BackgroundWorkConfig.DEFAULT.withReclaim(RECLAIM)));
        List<Runnable> puts = new ArrayList<>();
        String filler = "x".repeat(300);
        for (int i = 0; i < KEYS; i++) {
            Key key = Key.of("reclaim-" + i);
            Set<String> values = new TreeSet<>();
            values.add("first " + i + " " + (i >= KEYS - LARGE_KEYS ? "y".repeat(16 << 10) : filler));
            if (i < TWO_VERSION_KEYS) {
                values.add("second " + i + " " + filler); // two blind writes: two concurrent versions
            }
            written.put(key, values);
            int n = 0;
            for (String value : values) {
                NodeId via = FOUNDERS.get((i + n++) % FOUNDERS.size());
                CompletableFuture<Context> put = cluster.client(via).put(key, Context.EMPTY, bytes(value));
                puts.add(() -> awaitOrRetry(put, key, value));
            }
            if (puts.size() >= 64) {
                puts.forEach(Runnable::run);
                puts.clear();
            }
        }
        puts.forEach(Runnable::run);
    }

    /**
     * Waits for {@code put}; if it failed (the nodes of a cluster just started may not reach each
     * other yet), writes {@code value} again until a write succeeds. A failed blind write may have
     * left its version on a replica, so the key may hold the value twice: it still reads as itself.
     */
    private static void awaitOrRetry(CompletableFuture<Context> put, Key key, String value) {
        if (!put.handle((ok, failed) -> failed == null).join()) {
            Await.until("a write of " + key + " to succeed", DEADLINE,
                    () -> cluster.client(FOUNDERS.get(0)).put(key, Context.EMPTY, bytes(value))
                            .handle((ok, failed) -> failed == null).join());
        }
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void afterAJoinTheOldOwnersDropWhatTheyNoLongerReplicateAndTheirDatabasesShrink() throws Exception {
        Ring before = cluster.ring();
        Map<NodeId, Map<PartitionId, Long>> heldBefore = new TreeMap<>();
        for (NodeId id : FOUNDERS) {
            storage(id).flush();
            sizesBefore.put(id, status(id).reclaim().databaseBytes());
            heldBefore.put(id, keysPerPartition(id, before));
        }

        cluster.join(JOINER);
        cluster.awaitRing(before.version() + 1, DEADLINE);
        Ring after = cluster.ring();
        Map<NodeId, Set<PartitionId>> lost = new TreeMap<>();
        for (NodeId id : FOUNDERS) {
            lost.put(id, notReplicated(id, after));
            assertThat(lost.get(id)).as("partitions the join moved away from %s", id).isNotEmpty();
        }

        Await.until("the old owners to drop what the join moved away and give the space back", DEADLINE,
                () -> FOUNDERS.stream().allMatch(id -> {
                    ClusterStatus.Reclaim r = status(id).reclaim();
                    return r.pendingPartitions() == 0 && keysHeldIn(id, lost.get(id)) == 0 && r.fileBytesReturned() > 0;
                }));

        for (NodeId id : FOUNDERS) {
            ClusterStatus.Reclaim r = status(id).reclaim();
            long partitionsWithKeys = lost.get(id).stream().filter(p -> heldBefore.get(id).getOrDefault(p, 0L) > 0).count();
            long keysThere = lost.get(id).stream().mapToLong(p -> heldBefore.get(id).getOrDefault(p, 0L)).sum();
            System.out.printf("ReclaimIT: %s dropped %d partitions, %d keys, %d bytes; the database went from %d to %d"
                            + " bytes (%d given back)%n", id, r.partitionsDropped(), r.keysDropped(), r.bytesDropped(),
                    sizesBefore.get(id), r.databaseBytes(), r.fileBytesReturned());
            assertThat(r.partitionsDropped()).as("/cluster of %s: partitions dropped", id).isEqualTo(partitionsWithKeys);
            assertThat(r.keysDropped()).as("/cluster of %s: keys dropped", id).isEqualTo(keysThere);
            assertThat(r.bytesDropped()).as("/cluster of %s: bytes dropped", id).isPositive();
            assertThat(r.returnsFreeSpace()).as("a new database gives free pages back").isTrue();
            assertThat(r.databaseBytes()).as("the database of %s shrank", id).isLessThan(sizesBefore.get(id));
            for (Map.Entry<Key, Set<String>> e : written.entrySet()) {
                PartitionId p = after.partitioner().partitionOf(KeyHash.of(e.getKey()));
                if (lost.get(id).contains(p)) {
                    assertThat(storage(id).get(e.getKey())).as("%s of a partition %s no longer replicates", e.getKey(), id)
                            .isEmpty();
                }
            }
        }
        assertEveryKeyReadsWithAllItsVersions(NodeId.of("n2"));
    }

    @Test
    @Order(2)
    void aNodeThatLeftAndKeepsRunningDropsEverythingAndTheRestKeepEveryKey() throws Exception {
        NodeId leaver = NodeId.of("n1");
        long target = Await.of(cluster.runtime(leaver).leave(leaver));
        cluster.awaitRing(target, DEADLINE);
        assertThat(cluster.ring().nodes()).doesNotContain(leaver);

        Await.until("the node that left to drop every partition and give the pages back", DEADLINE, () -> {
            ClusterStatus.Reclaim now = status(leaver).reclaim();
            return now.pendingPartitions() == 0 && keysHeld(leaver) == 0 && now.databaseBytes() < sizesBefore.get(leaver) / 2;
        });
        ClusterStatus.Reclaim r = status(leaver).reclaim();
        System.out.printf("ReclaimIT: %s, out of the ring, dropped %d partitions in all; its database is %d bytes%n",
                leaver, r.partitionsDropped(), r.databaseBytes());
        assertThat(r.keysDropped()).as("every key %s held is dropped", leaver).isPositive();
        Path db = cluster.dataDir(leaver).resolve("store.db");

        cluster.stop(leaver);
        System.out.printf("ReclaimIT: stopped, %s's database file is %d bytes; it was %d before the join%n", leaver,
                Files.size(db), sizesBefore.get(leaver));
        assertEveryKeyReadsWithAllItsVersions(NodeId.of("n3"));
        for (NodeId id : List.of(NodeId.of("n2"), NodeId.of("n3"), JOINER)) {
            assertThat(notReplicated(id, cluster.ring())).as("after the leave %s replicates every partition", id).isEmpty();
            assertThat(keysHeld(id)).as("%s holds every key", id).isEqualTo(written.size());
        }
        assertThat(Files.size(db)).as("the stopped leaver's database file, its log checkpointed in")
                .isLessThan(sizesBefore.get(leaver) / 2);
    }

    private void assertEveryKeyReadsWithAllItsVersions(NodeId via) {
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<Key, Set<String>> e : written.entrySet()) {
            GetResult read = Await.of(cluster.client(via).get(e.getKey()));
            Set<String> values = new TreeSet<>();
            read.values().forEach(v -> values.add(new String(v, StandardCharsets.UTF_8)));
            if (!values.equals(e.getValue())) {
                wrong.add(e.getKey() + " reads " + values.size() + " versions, not " + e.getValue().size());
            }
        }
        assertThat(wrong).as("keys that do not read at quorum with all their versions").isEmpty();
    }

    private static SqliteStorage storage(NodeId id) {
        return cluster.runtime(id).storage();
    }

    /** The partitions {@code id} is not among the first three nodes of in {@code ring}. */
    private static Set<PartitionId> notReplicated(NodeId id, Ring ring) {
        Set<PartitionId> out = new HashSet<>();
        for (int i = 0; i < ring.partitionCount(); i++) {
            PartitionId p = PartitionId.of(i);
            if (!ring.preferenceList(p, cluster.quorum().n()).primaries().contains(id)) {
                out.add(p);
            }
        }
        return out;
    }

    private static Map<PartitionId, Long> keysPerPartition(NodeId id, Ring ring) {
        Map<PartitionId, Long> out = new TreeMap<>();
        for (int i = 0; i < ring.partitionCount(); i++) {
            out.put(PartitionId.of(i), storage(id).stats(PartitionId.of(i)).keys());
        }
        return out;
    }

    private static long keysHeldIn(NodeId id, Set<PartitionId> partitions) {
        return partitions.stream().mapToLong(p -> storage(id).stats(p).keys()).sum();
    }

    private static long keysHeld(NodeId id) {
        long keys = 0;
        for (int i = 0; i < storage(id).partitioner().partitionCount(); i++) {
            keys += storage(id).stats(PartitionId.of(i)).keys();
        }
        return keys;
    }

    private ClusterStatus status(NodeId id) {
        try {
            URI uri = URI.create("http://" + NodeAddresses.text(cluster.addresses(id).http()) + "/cluster");
            HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET()
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(answer.statusCode()).as("GET /cluster on %s", id).isEqualTo(200);
            return ClusterStatusReader.read(answer.body());
        } catch (Exception e) {
            throw new AssertionError("cannot read /cluster of " + id + ": " + e, e);
        }
    }
}
