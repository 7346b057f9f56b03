package io.dynacart.store.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.NamespaceChange;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.coordinator.CoordinatorConfig;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.Namespace;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.storage.BackupManifest;
import io.dynacart.store.storage.Durability;
import io.dynacart.store.versioning.Context;
import io.dynacart.testing.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LocalCluster#backup} and {@link LocalCluster#restore}: the scenario (write, back up
 * while writing, write more, wipe the cluster, restore: every write acknowledged before the backup
 * is back), a single wiped node restored from the backup rejoining and converging without reusing
 * its clock counters, and damaged or incomplete backups refused before anything is stopped.
 */
class BackupRestoreIT {

    private static final Quorum ALL = new Quorum(3, 3, 2);
    private static final Namespace ORDERS = Namespace.of("orders");

    @TempDir
    Path root;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static void write(LocalCluster cluster, String prefix, int count) {
        List<NodeId> nodes = cluster.nodeIds();
        for (int i = 0; i < count; i++) {
            KvStore via = cluster.client(nodes.get(i % nodes.size()));
            Await.of(via.put(Key.of(prefix + i), Context.EMPTY, bytes(prefix + i)));
        }
    }

    private static List<String> missing(LocalCluster cluster, Iterable<String> keys) {
        List<String> out = new ArrayList<>();
        KvStore reader = cluster.client(NodeId.of("n1"));
        for (String k : keys) {
            GetResult r = Await.of(reader.get(Key.of(k)));
            if (!r.found() || r.values().stream().map(BackupRestoreIT::text).noneMatch(k::equals)) {
                out.add(k);
            }
        }
        return out;
    }

    @Test
    void everyWriteAcknowledgedBeforeTheBackupIsBackAfterEveryDiskIsLostAndTheClusterRestored() throws Exception {
        Path backupDir = root.resolve("backup");
        try (LocalCluster cluster = LocalCluster.start(LocalClusterConfig.forTests(3, root.resolve("cluster")))) {
            write(cluster, "before-", 600);
            cluster.defineNamespace(NamespaceChange.of(ORDERS).withQuorum(3, 2, 3));
            for (int i = 0; i < 20; i++) {
                Await.of(cluster.client(NodeId.of("n1")).put(Key.of(ORDERS, "o-" + i), Context.EMPTY, bytes("o-" + i)));
            }

            // A writer goes on during the backup; what it had acknowledged before the backup began must come back.
            Set<String> ackedBeforeBackup = ConcurrentHashMap.newKeySet();
            AtomicBoolean backupBegun = new AtomicBoolean();
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicLong refused = new AtomicLong();
            AtomicLong ackedDuring = new AtomicLong();
            Thread writer = new Thread(() -> {
                KvStore via = cluster.client(NodeId.of("n2"));
                for (int i = 0; writing.get(); i++) {
                    String k = "during-" + i;
                    try {
                        Await.of(via.put(Key.of(k), Context.EMPTY, bytes(k)));
                        if (backupBegun.get()) {
                            ackedDuring.incrementAndGet();
                        } else {
                            ackedBeforeBackup.add(k); // acknowledged before backup() was called
                        }
                    } catch (RuntimeException | AssertionError e) {
                        refused.incrementAndGet();
                    }
                }
            }, "writer");
            writer.start();
            Await.until("the writer to get going", () -> ackedBeforeBackup.size() >= 50);
            backupBegun.set(true);
            BackupDirectory.ClusterManifest manifest = cluster.backup(backupDir);
            writing.set(false);
            writer.join(20_000);
            assertThat(refused).as("no write was refused or timed out during the backup").hasValue(0);

            assertThat(manifest.nodeIds()).containsExactly(NodeId.of("n1"), NodeId.of("n2"), NodeId.of("n3"));
            for (BackupManifest m : manifest.nodes()) {
                assertThat(m.keys()).as("%s's snapshot: N=3 of 3 nodes, every key on every node", m.node())
                        .isGreaterThanOrEqualTo(600 + ackedBeforeBackup.size());
                assertThat(m.partitions()).isEqualTo(256);
                assertThat(m.incarnation()).isZero();
                assertThat(Files.size(BackupDirectory.snapshotOf(backupDir, m.nodeId()))).isEqualTo(m.bytes());
            }

            write(cluster, "after-", 100);
            for (NodeId id : cluster.nodeIds()) { // every disk is lost at once, the namespace table with them
                cluster.stop(id);
            }
            for (NodeId id : cluster.nodeIds()) {
                deleteTree(cluster.dataDir(id));
            }

            cluster.restore(backupDir);

            List<String> before = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                before.add("before-" + i);
            }
            before.addAll(ackedBeforeBackup);
            assertThat(missing(cluster, before)).as("writes acknowledged before the backup, missing after the restore")
                    .isEmpty();
            assertThat(missing(cluster, List.of("after-0", "after-99"))).as("writes after the backup are not in it")
                    .hasSize(2);
            for (int i = 0; i < 20; i++) {
                GetResult order = Await.of(cluster.client(NodeId.of("n3")).get(Key.of(ORDERS, "o-" + i)));
                assertThat(order.values()).as("o-%d, in a namespace the restored nodes know again", i).hasSize(1);
            }
            assertThat(cluster.runtime(NodeId.of("n2")).view().namespaces().get(ORDERS)).isPresent()
                    .hasValueSatisfying(c -> assertThat(c.quorum().w()).isEqualTo(3));
            for (NodeId id : cluster.nodeIds()) {
                assertThat(cluster.runtime(id).incarnation()).as("%s: restored once", id).isEqualTo(1);
            }
            write(cluster, "new-", 30);
            assertThat(missing(cluster, List.of("new-0", "new-29"))).as("the restored cluster takes writes").isEmpty();
        }
    }

    /** Three nodes, every one a primary of every key (N=3), over 32 partitions so that anti-entropy's rounds are short. */
    private LocalClusterConfig threeNodes() {
        return new LocalClusterConfig(3, root.resolve("cluster"), "127.0.0.1", 0, 0, ClusterSecrets.randomBytes(),
                CoordinatorConfig.DEFAULT, Durability.PROCESS, 32);
    }

    @Test
    void aWipedNodeRestoredFromTheBackupRejoinsAndConverges() {
        Path backupDir = root.resolve("backup");
        NodeId n2 = NodeId.of("n2");
        try (LocalCluster cluster = LocalCluster.start(threeNodes())) {
            write(cluster, "a-", 300);
            cluster.backup(backupDir);
            write(cluster, "b-", 300);

            cluster.wipe(n2);
            // Cut off, n2 comes back from the backup alone: what it holds then came from the snapshot.
            cluster.partition(List.of(Set.of(n2), Set.of(NodeId.of("n1"), NodeId.of("n3"))));
            cluster.restore(backupDir, n2);
            var restored = cluster.runtime(n2).storage();
            for (int i = 0; i < 300; i++) {
                assertThat(restored.get(Key.of("a-" + i))).as("a-%d from the snapshot", i).isNotEmpty();
            }
            long broughtBack = later().stream().filter(k -> !restored.get(k).isEmpty()).count();
            assertThat(broughtBack).as("keys written after the backup, on n2 while it is cut off").isLessThan(50);
            assertThat(cluster.runtime(n2).incarnation()).as("wiped once, then restored").isEqualTo(2);

            cluster.heal();
            long healed = System.nanoTime();
            Await.until("anti-entropy to bring n2 the 300 keys written since the backup", Duration.ofSeconds(120),
                    () -> later().stream().allMatch(k -> !restored.get(k).isEmpty()));
            System.out.printf("BackupRestoreIT: n2 caught up on the keys written since the backup %d ms after the heal%n",
                    (System.nanoTime() - healed) / 1_000_000);
            assertThat(missing(cluster, List.of("a-0", "b-299"))).isEmpty();
        }
    }

    @Test
    void aRestoredNodeWritesUnderANewClockActorSoNoVersionItIssuedAfterTheBackupIsLost() {
        Path backupDir = root.resolve("backup");
        NodeId n2 = NodeId.of("n2");
        Key shared = Key.of("shared");
        try (LocalCluster cluster = LocalCluster.start(threeNodes())) {
            // n2 coordinates these puts: every node is a primary of every key.
            Context v1 = Await.of(cluster.client(n2).put(shared, Context.EMPTY, bytes("v1")));
            cluster.backup(backupDir);
            Await.of(cluster.client(n2).put(shared, v1, bytes("v2"), ALL.withW(3))); // issued after the backup, on every replica

            // n2's data is restored (not wiped: same incarnation until the restore raises it) while it is
            // cut off, and it writes v3 on what it then knows, v1. Under its old clock actor, v3 would
            // carry v2's counter, so a write made on v3's context would seem to have seen v2 and erase it.
            cluster.partition(List.of(Set.of(n2), Set.of(NodeId.of("n1"), NodeId.of("n3"))));
            cluster.restore(backupDir, n2);
            assertThat(cluster.runtime(n2).incarnation()).isEqualTo(1);
            Context v3 = Await.of(cluster.client(n2).put(shared, v1, bytes("v3"), new Quorum(3, 1, 1)));
            cluster.heal();
            Await.of(cluster.client(NodeId.of("n1")).put(shared, v3, bytes("v4"))); // its writer saw v3, never v2

            Await.until("v2 (never seen by v4's writer) and v4 on every replica", Duration.ofSeconds(60), () -> {
                GetResult r = Await.of(cluster.client(NodeId.of("n3")).get(shared, ALL));
                return r.values().stream().map(BackupRestoreIT::text).sorted().toList().equals(List.of("v2", "v4"));
            });
        }
    }

    private static void deleteTree(Path dir) throws Exception {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static List<Key> later() {
        List<Key> keys = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            keys.add(Key.of("b-" + i));
        }
        return keys;
    }

    @Test
    void aDamagedOrIncompleteBackupIsRefusedBeforeAnyNodeIsStopped() throws Exception {
        Path backupDir = root.resolve("backup");
        try (LocalCluster cluster = LocalCluster.start(LocalClusterConfig.forTests(3, root.resolve("cluster")))) {
            write(cluster, "k-", 50);
            cluster.backup(backupDir);
            assertThatThrownBy(() -> cluster.backup(backupDir)).isInstanceOf(InvalidBackupException.class)
                    .hasMessageContaining("not empty");

            Path n2 = BackupDirectory.snapshotOf(backupDir, NodeId.of("n2"));
            byte[] original = Files.readAllBytes(n2);
            byte[] damaged = original.clone();
            damaged[damaged.length / 3] ^= 1;
            Files.write(n2, damaged);
            assertThatThrownBy(() -> cluster.restore(backupDir)).isInstanceOf(InvalidBackupException.class)
                    .hasMessageContaining("n2.db is corrupt").hasMessageContaining("SHA-256");
            assertThatThrownBy(() -> cluster.restore(backupDir, NodeId.of("n2")))
                    .isInstanceOf(InvalidBackupException.class).hasMessageContaining("n2.db is corrupt");
            Files.write(n2, original);

            Files.delete(backupDir.resolve(BackupDirectory.MANIFEST));
            assertThatThrownBy(() -> cluster.restore(backupDir)).isInstanceOf(InvalidBackupException.class)
                    .hasMessageContaining("incomplete").hasMessageContaining("backup.json");
            assertThat(cluster.nodeIds()).allMatch(cluster::isRunning);
            assertThat(missing(cluster, List.of("k-0", "k-49"))).isEmpty();
        }
    }
}
