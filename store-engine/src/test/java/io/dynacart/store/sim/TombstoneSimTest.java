package io.dynacart.store.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.antientropy.TombstoneConfig;
import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.Value;
import io.dynacart.store.coordinator.CoordinatorConfig;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.Versioned;
import io.dynacart.testing.Simulated;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Deletes in a simulated cluster: they do not come back after a partition heals, and their tombstones go. */
@Simulated
class TombstoneSimTest {

    /** Three seconds of grace, a partition scanned every 100 ms: a node's ~40 partitions every 4 s. */
    private static final TombstoneConfig QUICK = new TombstoneConfig(3_000, 100, 1_000);

    private final SimCluster cluster = SimCluster.configured(SimCluster.names(5), new SimScheduler(), new SplittableRandom(11),
            CoordinatorConfig.DEFAULT, config -> config.withTombstones(QUICK));
    private final Key key = Key.of("cart:9");
    private final List<NodeId> primaries = cluster.ring().preferenceList(KeyHash.of(key), 3).primaries();

    private <T> T await(CompletableFuture<T> f) {
        return SimAwait.await(cluster.scheduler(), f);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private Context writeEverywhere(String value) {
        Context written = await(cluster.client(primaries.get(0)).put(key, Context.EMPTY, bytes(value)));
        cluster.scheduler().runFor(500);
        assertThat(primaries).allSatisfy(p -> assertThat(cluster.storage(p).get(key)).as("%s has the value", p).hasSize(1));
        return written;
    }

    /**
     * Deletes through the first primary while the third is cut off from everyone, and keeps it cut off
     * for longer than the grace (no reads meanwhile: read repair would tell it), then heals.
     */
    private void deleteWhileAReplicaIsPartitioned() {
        NodeId away = primaries.get(2);
        List<NodeId> rest = new ArrayList<>(cluster.nodeIds());
        rest.remove(away);
        cluster.network().partition(List.of(Set.of(away), Set.copyOf(rest)));
        GetResult read = await(cluster.client(primaries.get(0)).get(key));
        await(cluster.client(primaries.get(0)).delete(key, read.context()));
        assertThat(cluster.storage(away).get(key)).as("the partitioned replica still holds the value")
                .allSatisfy(v -> assertThat(v.value()).isInstanceOf(Value.Bytes.class));
        cluster.scheduler().runFor(3 * QUICK.graceMillis());
        cluster.network().heal();
    }

    private long collected() {
        return cluster.nodeIds().stream().mapToLong(n -> cluster.node(n).status().tombstonesCollected()).sum();
    }

    @Test
    void aDeleteOnAPartitionedReplicaDoesNotComeBackAndItsTombstoneIsCollectedEverywhere() {
        writeEverywhere("before the delete");
        deleteWhileAReplicaIsPartitioned();

        for (int second = 0; second < 60; second++) {
            for (NodeId via : cluster.nodeIds()) {
                GetResult r = await(cluster.client(via).get(key));
                assertThat(r.values()).as("a read through %s %d s after the heal: a delete never comes back", via, second)
                        .isEmpty();
            }
            cluster.scheduler().runFor(1_000);
        }
        for (NodeId n : cluster.nodeIds()) {
            assertThat(cluster.storage(n).get(key)).as("%s still stores the deleted key", n).isEmpty();
            assertThat(cluster.storage(n).hints().forKey(key)).as("%s still keeps a hint of it", n).isEmpty();
        }
        assertThat(collected()).as("each primary purged the tombstone at least once").isGreaterThanOrEqualTo(3);
    }

    @Test
    void aWriteConcurrentWithTheDeleteKeepsTheKeyWithItsValue() {
        Context before = writeEverywhere("before the delete");
        deleteWhileAReplicaIsPartitioned();
        await(cluster.client(primaries.get(1)).put(key, before, bytes("concurrent with the delete")));

        cluster.scheduler().runFor(60_000);
        for (NodeId p : primaries) {
            List<Versioned<Value>> held = cluster.storage(p).get(key);
            assertThat(held).as("%s keeps the concurrent value beside the tombstone", p).hasSize(2)
                    .anySatisfy(v -> assertThat(v.value()).isInstanceOf(Value.Bytes.class));
        }
        GetResult r = await(cluster.client(primaries.get(0)).get(key));
        assertThat(r.values()).extracting(b -> new String(b, StandardCharsets.UTF_8))
                .containsExactly("concurrent with the delete");
        assertThat(collected()).isZero();
    }

    /**
     * A fallback holds a hint of a value for a primary, and is then cut off from every node for far
     * longer than the grace, while the value is deleted. Its last gossiped hint horizon predates the
     * delete, so no replica may collect the tombstone while it is away; once it is back, its hint
     * meets the tombstone (and loses), and only then does collection go ahead. Without the horizon the
     * tombstone goes during the outage and the hint brings the value back.
     */
    @Test
    void aHintCutOffLongerThanTheGraceHoldsCollectionBackAndBringsNothingBack() {
        NodeId down = primaries.get(2);
        cluster.crash(down);
        for (int i = 0; i < 5; i++) { // reads that miss the crashed primary until it is taken for down
            await(cluster.client(primaries.get(0)).get(key));
            cluster.scheduler().runFor(2_000);
        }
        await(cluster.client(primaries.get(0)).put(key, Context.EMPTY, bytes("hinted while a primary was down")));
        cluster.scheduler().runFor(200);
        NodeId holder = cluster.nodeIds().stream()
                .filter(n -> !cluster.storage(n).hints().forKey(key).isEmpty()).findFirst().orElseThrow();
        cluster.network().isolate(holder);
        cluster.restart(down);
        cluster.scheduler().runFor(2_000);

        GetResult read = await(cluster.client(primaries.get(0)).get(key, new io.dynacart.store.api.Quorum(3, 2, 2)));
        assertThat(read.values()).isNotEmpty();
        await(cluster.client(primaries.get(0)).delete(key, read.context()));
        for (int round = 0; round < 20; round++) { // the replicas compare the key's partition often
            cluster.scheduler().runFor(QUICK.graceMillis());
            primaries.forEach(p -> cluster.node(p).repairNow(cluster.ring().preferenceList(KeyHash.of(key), 3).partition()));
        }
        cluster.scheduler().runFor(QUICK.graceMillis());

        assertThat(collected()).as("no replica collects while %s, cut off, may still hold the value", holder).isZero();
        assertThat(cluster.storage(holder).hints().forKey(key)).as("the hint waits, past its lifetime").isNotEmpty();

        cluster.network().heal();
        for (int second = 0; second < 120; second++) {
            for (NodeId via : cluster.nodeIds()) {
                assertThat(await(cluster.client(via).get(key)).values())
                        .as("a read through %s %d s after the heal", via, second).isEmpty();
            }
            cluster.scheduler().runFor(1_000);
        }
        assertThat(cluster.storage(holder).hints().forKey(key)).as("the hint was delivered").isEmpty();
        assertThat(collected()).as("the tombstone went once the hint had met it").isGreaterThanOrEqualTo(1);
        for (NodeId n : cluster.nodeIds()) {
            assertThat(cluster.storage(n).get(key)).as("%s holds no value of the deleted key", n)
                    .noneSatisfy(v -> assertThat(v.value()).isInstanceOf(Value.Bytes.class));
        }
    }
}
