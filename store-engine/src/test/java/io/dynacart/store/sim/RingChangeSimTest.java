package io.dynacart.store.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.coordinator.CoordinatorConfig;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.membership.MembershipView;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.Versioned;
import io.dynacart.testing.Simulated;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A join and a leave in a simulated five-node cluster under a steady writer: the ring switches,
 * every acknowledged write is readable afterwards from replicas that agree, and the nodes the ring
 * moved partitions away from have dropped them.
 */
@Simulated
class RingChangeSimTest {

    private static final NodeId JOINER = NodeId.of("n6");
    private static final NodeId LEAVER = NodeId.of("n2");

    private final SimCluster cluster = new SimCluster(SimCluster.names(5), new SimScheduler(), new SplittableRandom(11),
            CoordinatorConfig.DEFAULT);
    private final Map<Key, String> acknowledged = new LinkedHashMap<>();
    private int sent;
    private boolean writing = true;

    @Test
    void joinThenLeaveUnderWritesKeepsEveryAcknowledgedWriteAndConverges() {
        writeSteadily();
        cluster.scheduler().runFor(2_000);

        long joinMillis = settle(() -> cluster.join(JOINER));
        assertThat(cluster.ring().nodes()).as("the joiner is in the ring once the join completes").contains(JOINER);
        long leaveMillis = settle(() -> cluster.leave(LEAVER));
        assertThat(cluster.ring().nodes()).as("the leaver is out of the ring").doesNotContain(LEAVER);
        assertThat(cluster.departed()).containsExactly(LEAVER);

        writing = false;
        cluster.scheduler().runFor(15_000);
        System.out.printf("RingChangeSimTest: join of %s settled in %.2f virtual s, leave of %s in %.2f virtual s;"
                        + " %d writes sent, %d acknowledged; ring v%d%n", JOINER, joinMillis / 1e3, LEAVER,
                leaveMillis / 1e3, sent, acknowledged.size(), cluster.ring().version());
        cluster.ringChangeLog().forEach(line -> System.out.println("  operator at " + line));

        assertThat(acknowledged).hasSizeGreaterThan(100);
        List<String> unreadable = new ArrayList<>();
        acknowledged.forEach((key, value) -> {
            GetResult r = SimAwait.await(cluster.scheduler(), cluster.client(NodeId.of("n1")).get(key));
            List<String> values = r.values().stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
            if (!values.contains(value)) {
                unreadable.add(key + " should read " + value + " but reads " + values);
            }
        });
        assertThat(unreadable).as("every acknowledged write is readable after a join and a leave").isEmpty();
        assertThat(divergentReplicas()).as("every key's replicas in the final ring hold the same versions").isEmpty();
        assertThat(keptAfterTheMove()).as("no node keeps keys of a partition the ring moved away from it").isEmpty();
        int dropped = cluster.nodeIds().stream().filter(cluster::isRunning)
                .mapToInt(id -> cluster.node(id).status().reclaim().partitionsDropped()).sum();
        assertThat(dropped).as("the old owners dropped the partitions the join and the leave moved away").isPositive();
        Map<NodeId, MembershipView> views = cluster.views();
        assertThat(views.values()).as("every view has the final ring and no transition")
                .allSatisfy(v -> assertThat(v.sameLayout(views.get(NodeId.of("n1")))).isTrue())
                .allSatisfy(v -> assertThat(v.transition()).isEmpty());
    }

    /** Runs {@code change} and virtual time until the operator is done; returns how long it took. */
    private long settle(Runnable change) {
        long start = cluster.scheduler().now();
        change.run();
        cluster.scheduler().runFor(1);
        while (!cluster.ringChangesSettled()) {
            assertThat(cluster.scheduler().now() - start).as("the ring change completes within a virtual minute")
                    .isLessThan(60_000);
            cluster.scheduler().runFor(100);
        }
        return cluster.scheduler().now() - start;
    }

    /** One blind write of a new key every 20 ms, through the running members in turn. */
    private void writeSteadily() {
        if (!writing) {
            return;
        }
        List<NodeId> live = cluster.nodeIds().stream().filter(cluster::isRunning).toList();
        Key key = Key.of("key" + sent);
        String value = "v" + sent;
        cluster.client(live.get(sent % live.size())).put(key, Context.EMPTY, value.getBytes(StandardCharsets.UTF_8))
                .whenComplete((ctx, error) -> {
                    if (error == null) {
                        acknowledged.put(key, value);
                    }
                });
        sent++;
        cluster.scheduler().schedule(20, this::writeSteadily);
    }

    private List<String> divergentReplicas() {
        List<String> out = new ArrayList<>();
        for (Key key : acknowledged.keySet()) {
            List<NodeId> replicas = cluster.ring().preferenceList(KeyHash.of(key), 3).primaries();
            List<Object> first = dots(replicas.get(0), key);
            for (NodeId replica : replicas) {
                if (!dots(replica, key).equals(first)) {
                    out.add(key + ": " + replicas.get(0) + " holds " + first + ", " + replica + " " + dots(replica, key));
                }
            }
        }
        return out;
    }

    /** Each partition a running node holds keys of without replicating it in the final ring. */
    private List<String> keptAfterTheMove() {
        List<String> out = new ArrayList<>();
        for (NodeId id : cluster.nodeIds().stream().filter(cluster::isRunning).toList()) {
            for (int i = 0; i < SimCluster.PARTITIONS; i++) {
                PartitionId p = PartitionId.of(i);
                long keys = cluster.storage(id).stats(p).keys();
                if (keys > 0 && !cluster.ring().preferenceList(p, 3).primaries().contains(id)) {
                    out.add(id + " keeps " + keys + " keys of " + p);
                }
            }
        }
        return out;
    }

    private List<Object> dots(NodeId node, Key key) {
        return cluster.storage(node).get(key).stream().map(Versioned::dot).map(Object.class::cast).toList();
    }
}
