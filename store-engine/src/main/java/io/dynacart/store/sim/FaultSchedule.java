package io.dynacart.store.sim;

import io.dynacart.store.identity.NodeId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Plans a run's faults at random times within the workload: crash a node (at most N-1 down at a
 * time... here at most two), restart one, split the nodes into two groups, heal, make links lossy,
 * slow and duplicating for a while. Returns the plan as text for the failure report.
 */
final class FaultSchedule {

    private FaultSchedule() {
    }

    static List<String> plan(SimCluster cluster, RandomGenerator random, int faults, long untilMillis) {
        List<String> plan = new ArrayList<>();
        List<NodeId> nodes = cluster.nodeIds();
        Set<NodeId> down = new HashSet<>();
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < faults; i++) {
            times.add((long) random.nextInt((int) untilMillis));
        }
        times.sort(Long::compare);
        for (long at : times) {
            int kind = random.nextInt(6);
            NodeId node = nodes.get(random.nextInt(nodes.size()));
            String what;
            Runnable action;
            if (kind == 0 && down.size() < 2 && !down.contains(node)) {
                down.add(node);
                what = "crash " + node;
                action = () -> cluster.crash(node);
            } else if (kind == 1 && !down.isEmpty()) {
                NodeId back = down.iterator().next();
                down.remove(back);
                what = "restart " + back;
                action = () -> cluster.restart(back);
            } else if (kind == 2) {
                List<NodeId> shuffled = new ArrayList<>(nodes);
                java.util.Collections.shuffle(shuffled, new java.util.Random(random.nextLong()));
                int cut = 1 + random.nextInt(nodes.size() - 1);
                Set<NodeId> a = new HashSet<>(shuffled.subList(0, cut));
                Set<NodeId> b = new HashSet<>(shuffled.subList(cut, shuffled.size()));
                what = "partition " + a + " | " + b;
                action = () -> cluster.network().partition(List.of(a, b));
            } else if (kind == 3) {
                what = "heal";
                action = () -> cluster.network().heal();
            } else if (kind == 4) {
                double drop = 0.05 + random.nextDouble() * 0.25;
                what = String.format("lossy links: drop %.2f, duplicate 0.05, delay 0-30 ms", drop);
                action = () -> {
                    cluster.network().dropRate(drop);
                    cluster.network().duplicateRate(0.05);
                    cluster.network().delay(0, 30);
                };
            } else {
                what = "clear link faults";
                action = () -> {
                    cluster.network().dropRate(0);
                    cluster.network().duplicateRate(0);
                    cluster.network().delay(0, 0);
                };
            }
            plan.add(at + " ms: " + what);
            cluster.scheduler().schedule(at, action);
        }
        return plan;
    }
}
