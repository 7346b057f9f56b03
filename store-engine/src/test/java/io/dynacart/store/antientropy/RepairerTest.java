package io.dynacart.store.antientropy;

import static io.dynacart.store.antientropy.Replicas.after;
import static io.dynacart.store.antientropy.Replicas.contents;
import static io.dynacart.store.antientropy.Replicas.replica;
import static io.dynacart.store.antientropy.Replicas.version;
import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.antientropy.ReplicaPeers.PartitionPeer;
import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.ring.Partitioner;
import io.dynacart.store.sim.SimScheduler;
import io.dynacart.store.transport.AntiEntropyMessage;
import io.dynacart.store.transport.InMemoryNetwork;
import io.dynacart.store.transport.Network;
import io.dynacart.store.versioning.Versioned;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link Repairer}s of three replicas over an in-memory network in virtual time. */
class RepairerTest {

    private static final Partitioner PARTITIONER = new Partitioner(8);
    private static final List<NodeId> NODES = List.of(NodeId.of("n1"), NodeId.of("n2"), NodeId.of("n3"));

    private final SimScheduler sim = new SimScheduler();
    private final InMemoryNetwork network = new InMemoryNetwork(sim, () -> 2);
    private final Map<NodeId, TreeMaintainingStorage> storages = new LinkedHashMap<>();
    private final Map<NodeId, Repairer> repairers = new LinkedHashMap<>();
    private final Set<NodeId> silent = new HashSet<>();

    private void start(AntiEntropyConfig config) {
        for (NodeId id : NODES) {
            storages.put(id, replica(PARTITIONER, MerkleTree.DEFAULT_DEPTH));
        }
        for (NodeId id : NODES) {
            Network.Endpoint endpoint = network.attach(id, (from, m) -> {
                if (!silent.contains(id)) {
                    repairers.get(id).onMessage(from, (AntiEntropyMessage) m);
                }
            });
            Repairer repairer = new Repairer(config, LocalReplica.of(storages.get(id)), () -> pairsOf(id), endpoint,
                    sim, sim.clock());
            repairers.put(id, repairer);
            repairer.start();
        }
    }

    /** Every node replicates every partition, with the two others. */
    private static List<PartitionPeer> pairsOf(NodeId self) {
        List<PartitionPeer> pairs = new ArrayList<>();
        for (int p = 0; p < PARTITIONER.partitionCount(); p++) {
            for (NodeId peer : NODES) {
                if (!peer.equals(self)) {
                    pairs.add(new PartitionPeer(PartitionId.of(p), peer));
                }
            }
        }
        return pairs;
    }

    /** 600 keys everywhere; then n3 lost 150 of them, n1 has 30 newer versions and n2 30 concurrent ones. */
    private void diverge() {
        TreeMaintainingStorage n1 = storages.get(NODES.get(0));
        TreeMaintainingStorage n2 = storages.get(NODES.get(1));
        TreeMaintainingStorage n3 = storages.get(NODES.get(2));
        for (int i = 0; i < 600; i++) {
            Key key = Key.of("cart-" + i);
            Versioned<Value> v = version("n" + (1 + i % 3), 1, "items-" + i);
            n1.put(key, v);
            n2.put(key, v);
            if (i % 4 != 0) {
                n3.put(key, v);
            }
            if (i % 20 == 1) {
                n1.put(key, after(v, "n1", "newer-" + i));
            }
            if (i % 20 == 2) {
                n1.put(key, after(v, "n1", "left-" + i));
                n2.put(key, after(v, "n2", null));
            }
        }
    }

    @Test
    void threeReplicasOneOfWhichLostKeysConverge() {
        start(new AntiEntropyConfig(50, 2_000, 1_000, 1 << 20, ExchangeLimits.DEFAULT));
        diverge();
        assertThat(contents(storages.get(NODES.get(2)))).isNotEqualTo(contents(storages.get(NODES.get(0))));
        sim.runFor(5_000);
        Map<Key, List<Versioned<Value>>> reference = contents(storages.get(NODES.get(0)));
        assertThat(reference).hasSize(600);
        for (NodeId id : NODES) {
            assertThat(contents(storages.get(id))).as("%s holds what n1 holds", id).isEqualTo(reference);
            AntiEntropyStats stats = repairers.get(id).stats();
            assertThat(stats.sessionsAborted()).as("%s: no session given up", id).isZero();
            assertThat(stats.sessionsCompleted()).as("%s: every pair exchanged at least once", id)
                    .isGreaterThanOrEqualTo(pairsOf(id).size());
            for (PartitionPeer pair : pairsOf(id)) {
                assertThat(repairers.get(id).lastCompletedExchange(pair.partition(), pair.peer()))
                        .as("%s remembers its last completed exchange of %s", id, pair).isPresent();
            }
        }
        long keysSent = repairers.values().stream().mapToLong(r -> r.stats().keysSent()).sum();
        System.out.printf("RepairerTest: converged; sibling sets sent %d, bytes sent %d%n", keysSent,
                repairers.values().stream().mapToLong(r -> r.stats().bytesSent()).sum());
    }

    /**
     * A token bucket lets through its rate, the second's worth it starts with, and at most one message
     * more (one costing more than what is left is let through on a full bucket, leaving debt): small
     * messages here (at most 10 keys, about 1 KiB of sibling sets, 3 KiB of hashes) keep that last term small.
     */
    @Test
    void theBudgetBoundsWhatEachNodeSendsAndRepairStillFinishes() {
        long bytesPerSecond = 4_000;
        long keysPerSecond = 20;
        ExchangeLimits small = new ExchangeLimits(4096, 256, 10, 1024);
        start(new AntiEntropyConfig(50, 2_000, keysPerSecond, bytesPerSecond, small));
        diverge();
        for (int second = 1; second <= 90; second++) {
            sim.runFor(1_000);
            for (NodeId id : NODES) {
                AntiEntropyStats stats = repairers.get(id).stats();
                assertThat(stats.bytesSent()).as("%s after %d s: bytes within the rate", id, second)
                        .isLessThanOrEqualTo(bytesPerSecond * (second + 1) + 4_096);
                assertThat(stats.keysSent()).as("%s after %d s: keys within the rate", id, second)
                        .isLessThanOrEqualTo(keysPerSecond * (second + 1) + 10);
            }
        }
        Map<Key, List<Versioned<Value>>> reference = contents(storages.get(NODES.get(0)));
        for (NodeId id : NODES) {
            assertThat(contents(storages.get(id))).as("%s converged despite the budget", id).isEqualTo(reference);
        }
        System.out.printf("RepairerTest: under a budget of %d keys and %d bytes a second, n1 sent %s%n", keysPerSecond,
                bytesPerSecond, repairers.get(NODES.get(0)).stats());
    }

    @Test
    void sessionsWithASilentPeerAbortAtTheirDeadlineAndNeverCountAsCompleted() {
        start(new AntiEntropyConfig(50, 500, 1_000, 1 << 20, ExchangeLimits.DEFAULT));
        diverge();
        NodeId n1 = NODES.get(0);
        NodeId quiet = NODES.get(2);
        silent.add(quiet);
        sim.runFor(10_000);
        Repairer repairer = repairers.get(n1);
        assertThat(repairer.stats().sessionsAborted()).as("every session with the silent peer is given up")
                .isGreaterThanOrEqualTo(PARTITIONER.partitionCount());
        for (int p = 0; p < PARTITIONER.partitionCount(); p++) {
            assertThat(repairer.lastCompletedExchange(PartitionId.of(p), quiet)).as("no exchange with %s completed", quiet)
                    .isEmpty();
            assertThat(repairer.lastCompletedExchange(PartitionId.of(p), NODES.get(1))).isPresent();
        }
        assertThat(contents(storages.get(n1))).as("the two that talk converge")
                .isEqualTo(contents(storages.get(NODES.get(1))));
    }
}
