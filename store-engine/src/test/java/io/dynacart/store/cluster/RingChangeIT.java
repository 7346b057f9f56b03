package io.dynacart.store.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.Ring;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.Versioned;
import io.dynacart.testing.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 5-node cluster over TCP takes a 6th node while a writer keeps writing, then loses one node by an
 * operator's leave: writes keep succeeding throughout, and afterwards every acknowledged write is
 * held by every replica the final ring names (paper, section 4.9).
 */
class RingChangeIT {

    @TempDir
    Path root;

    @Test
    void aJoinAndALeaveUnderLoadLoseNoAcknowledgedWrite() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(LocalClusterConfig.forTests(5, root))) {
            KvStore writer = cluster.client(NodeId.of("n1"));
            Map<Key, String> acknowledged = new ConcurrentHashMap<>();
            AtomicLong failures = new AtomicLong();
            AtomicBoolean writing = new AtomicBoolean(true);
            Thread load = new Thread(() -> {
                for (int i = 0; writing.get(); i++) {
                    Key key = Key.of("key-" + i);
                    String value = "value " + i;
                    try {
                        writer.put(key, Context.EMPTY, value.getBytes(StandardCharsets.UTF_8)).get();
                        acknowledged.put(key, value);
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
            }, "ring-change-writer");
            load.start();
            try {
                Await.until("some writes before the join", Duration.ofSeconds(10), () -> acknowledged.size() > 200);

                long joinedAt = System.nanoTime();
                cluster.join(NodeId.of("n6"));
                cluster.awaitRing(2, Duration.ofSeconds(60));
                System.out.printf("RingChangeIT: join of n6 took %d ms with %d keys written%n",
                        (System.nanoTime() - joinedAt) / 1_000_000, acknowledged.size());
                assertThat(cluster.ring().nodes()).contains(NodeId.of("n6"));
                assertThat(cluster.ring().partitionsOwnedBy(NodeId.of("n6"))).as("n6 owns its share").isNotEmpty();

                long leftAt = System.nanoTime();
                cluster.leave(NodeId.of("n2"), Duration.ofSeconds(60));
                System.out.printf("RingChangeIT: leave of n2 took %d ms with %d keys written%n",
                        (System.nanoTime() - leftAt) / 1_000_000, acknowledged.size());
                assertThat(cluster.ring().nodes()).doesNotContain(NodeId.of("n2"));
                assertThat(cluster.isRunning(NodeId.of("n2"))).isFalse();
            } finally {
                writing.set(false);
                load.join(10_000);
            }
            assertThat(failures.get()).as("writes failed during the ring changes").isZero();

            Ring ring = cluster.ring();
            String[] missing = {null};
            try {
                Await.until("every replica of the final ring to hold every acknowledged write", Duration.ofSeconds(60),
                        () -> (missing[0] = firstMissing(cluster, ring, acknowledged)) == null);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; still: " + missing[0], e);
            }
            List<Key> sample = new ArrayList<>(acknowledged.keySet()).subList(0, Math.min(200, acknowledged.size()));
            for (Key k : sample) {
                GetResult r = Await.of(cluster.client(NodeId.of("n3")).get(k));
                // One write, one value: a put taken over from a primary that was only slow (a newcomer on a
                // busy machine) may be stored twice, as two siblings of that one value (docs/ARCHITECTURE.md).
                assertThat(r.values()).as("a quorum read of %s", k).isNotEmpty()
                        .allSatisfy(v -> assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo(acknowledged.get(k)));
            }
        }
    }

    private static String firstMissing(LocalCluster cluster, Ring ring, Map<Key, String> acknowledged) {
        for (Map.Entry<Key, String> e : acknowledged.entrySet()) {
            for (NodeId replica : ring.preferenceList(KeyHash.of(e.getKey()), 3).primaries()) {
                List<Versioned<Value>> held = cluster.runtime(replica).storage().get(e.getKey());
                boolean has = held.stream().anyMatch(v -> v.value() instanceof Value.Bytes b
                        && new String(b.toByteArray(), StandardCharsets.UTF_8).equals(e.getValue()));
                if (!has) {
                    return e.getKey() + " is not on " + replica + " (holds " + held.size() + " versions)";
                }
            }
        }
        return null;
    }
}
