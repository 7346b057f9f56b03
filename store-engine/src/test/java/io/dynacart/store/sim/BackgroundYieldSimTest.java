package io.dynacart.store.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.antientropy.AntiEntropyConfig;
import io.dynacart.store.budget.BackgroundConfig;
import io.dynacart.store.coordinator.CoordinatorConfig;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.node.Node;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.versioning.Context;
import io.dynacart.testing.Simulated;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Background work yields to a slow foreground and still finishes: a wiped node is repaired by
 * anti-entropy alone (no reads, no hints) while every node's admission controller is told that its
 * foreground requests take 50 ms (five times the 10 ms target), so that each node runs anti-entropy
 * at the least share of its budget. The same repair without that pressure is the yardstick: the
 * slow foreground must make it markedly slower, and must not stop it. Virtual time, seed 7.
 */
@Simulated
class BackgroundYieldSimTest {

    private static final long SEED = 7;
    private static final int KEYS = 300;
    private static final NodeId WIPED = NodeId.of("n3");
    private static final BackgroundConfig ADMISSION = new BackgroundConfig(true, 10, 0.1);
    /** A budget small enough that keys per second, not the exchange interval, paces the repair. */
    private static final long KEYS_PER_SECOND = 10;
    private static final long MINUTES_ALLOWED = 20;

    private final SimCluster cluster = SimCluster.configured(SimCluster.names(5), new SimScheduler(),
            new SplittableRandom(SEED), CoordinatorConfig.DEFAULT, config -> config
                    .withAntiEntropy(AntiEntropyConfig.DEFAULT.withRates(KEYS_PER_SECOND, 1 << 20))
                    .withBackground(ADMISSION));
    private final List<Key> keys = IntStream.range(0, KEYS).mapToObj(i -> Key.of("cart:" + i)).toList();
    private double highestShareUnderPressure;

    /** Writes every key, then wipes n3; answers how long (virtual ms) anti-entropy took to give n3 its keys back. */
    private long repairOfAWipedNode(boolean slowForeground) {
        for (Key key : keys) {
            cluster.scheduler().await(cluster.client(NodeId.of("n1")).put(key, Context.EMPTY,
                    key.toString().getBytes(StandardCharsets.UTF_8)));
        }
        cluster.scheduler().runFor(5_000);
        if (slowForeground) {
            reportSlowRequests();
            cluster.scheduler().runFor(2_000);
        }
        cluster.wipe(WIPED);
        List<Key> owed = keys.stream()
                .filter(k -> cluster.ring().preferenceList(KeyHash.of(k), 3).primaries().contains(WIPED)).toList();
        assertThat(owed).as("n3 replicates some of the keys").isNotEmpty();
        long start = cluster.scheduler().now();
        while (owed.stream().anyMatch(k -> cluster.storage(WIPED).get(k).isEmpty())) {
            assertThat(cluster.scheduler().now() - start).as("n3 repaired within %d virtual minutes (slow foreground: %s)",
                    MINUTES_ALLOWED, slowForeground).isLessThan(MINUTES_ALLOWED * 60_000);
            cluster.scheduler().runFor(500);
            // The restarted n3 starts at the full share, with no evidence yet; a second of it brings it down.
            if (slowForeground && cluster.scheduler().now() - start > 2_000) {
                cluster.nodeIds().forEach(id -> highestShareUnderPressure = Math.max(highestShareUnderPressure,
                        cluster.node(id).backgroundShare().share()));
            }
        }
        return cluster.scheduler().now() - start;
    }

    /** Every 10 ms, each running node's controller hears of a foreground request that took 50 ms. */
    private void reportSlowRequests() {
        for (NodeId id : cluster.nodeIds()) {
            Node node = cluster.node(id);
            if (node != null) {
                node.backgroundShare().record(50_000_000L);
            }
        }
        cluster.scheduler().schedule(10, this::reportSlowRequests);
    }

    @Test
    void aWipedNodeIsRepairedAtTheLeastShareOnlySlower() {
        long unhurried = new BackgroundYieldSimTest().repairOfAWipedNode(false);
        long yielding = repairOfAWipedNode(true);
        System.out.printf("BackgroundYieldSimTest: seed %d, n3 repaired in %.1f s at the full share, %.1f s at the"
                + " least (%.2f)%n", SEED, unhurried / 1000.0, yielding / 1000.0, ADMISSION.minShare());
        assertThat(highestShareUnderPressure).as("under a slow foreground every node keeps to the least share")
                .isEqualTo(ADMISSION.minShare());
        assertThat(yielding).as("background work yields: repair at a tenth of the budget takes at least five times"
                + " as long").isGreaterThanOrEqualTo(5 * unhurried);
    }
}
