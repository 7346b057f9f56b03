package io.dynacart.store.cluster;

import io.dynacart.store.api.KvStore;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.KeyHash;
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
 * A node whose data directory is wiped comes back empty, and anti-entropy alone (no reads of its
 * keys, no hints) brings back every key it replicates.
 */
class WipedNodeIT {

    private static final int KEYS = 2_000;

    @TempDir
    Path root;

    @Test
    void antiEntropyRestoresEveryKeyOfAWipedNode() {
        try (LocalCluster cluster = LocalCluster.start(LocalClusterConfig.forTests(5, root))) {
            KvStore writer = cluster.client(NodeId.of("n1"));
            for (int i = 0; i < KEYS; i++) {
                Await.of(writer.put(Key.of("key-" + i), Context.EMPTY, ("value " + i).getBytes(StandardCharsets.UTF_8)));
            }
            NodeId victim = NodeId.of("n3");
            List<Key> its = new ArrayList<>();
            for (int i = 0; i < KEYS; i++) {
                Key k = Key.of("key-" + i);
                if (cluster.ring().preferenceList(KeyHash.of(k), 3).primaries().contains(victim)) {
                    its.add(k);
                }
            }
            cluster.wipe(victim);
            long wipedAt = System.nanoTime();
            Await.until("anti-entropy to restore the " + its.size() + " keys n3 replicates", Duration.ofSeconds(120),
                    () -> its.stream().allMatch(k -> !cluster.runtime(victim).storage().get(k).isEmpty()));
            System.out.printf("WipedNodeIT: %d keys restored on the wiped node in %d ms%n", its.size(),
                    (System.nanoTime() - wipedAt) / 1_000_000);
        }
    }
}
