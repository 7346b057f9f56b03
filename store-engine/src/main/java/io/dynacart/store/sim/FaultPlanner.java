package io.dynacart.store.sim;

import io.dynacart.store.cluster.FaultAction;
import io.dynacart.store.cluster.FaultSchedule;
import io.dynacart.store.cluster.ScheduledFault;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.identity.Zone;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Plans a run's faults at random times within the workload: crash a node, restart one, split the
 * nodes into two groups (at random, or one key's replicas against the rest, or, when the nodes are in
 * several zones, half the time one whole zone against the rest), heal, make links lossy, slow and
 * duplicating for a while; and, in some runs,
 * the rarer events of a node's life: a join, a leave, a wiped disk, a long outage (down from early in
 * the run until the end game). Returns the plan as text for the failure report. That is the
 * {@linkplain FaultMix#STANDARD standard mix}; a weighted {@link FaultMix} ({@code dynacart sim
 * --faults crash=2,drop}) draws its kinds instead, also links that only drop, only delay or only
 * duplicate, and zone cuts on their own.
 *
 * <p>Limits, so that a run tests the store rather than the impossible:
 * <ul>
 *   <li>at least N members stay up (N of the cluster's quorum): crashes and outages stop at
 *       members - N nodes down;</li>
 *   <li>at most one join and one leave per run, the join in the first third, the leave in the
 *       second, and the operator ({@link RingOperator}) carries out one ring change at a time;</li>
 *   <li>at most one wipe per run, of a running node: with W = 2 an acknowledged write still has a
 *       copy elsewhere.</li>
 * </ul>
 */
final class FaultPlanner {

    /** How often each rare event happens: in one run out of this many. */
    static final int JOIN_ONE_IN = 4;
    static final int LEAVE_ONE_IN = 4;
    static final int WIPE_ONE_IN = 4;
    static final int OUTAGE_ONE_IN = 5;

    /** What the planner schedules; those after OUTAGE only in a weighted mix ({@link FaultMix}). */
    private enum Kind { CRASH, RESTART, PARTITION, HEAL, LOSSY, CLEAR, CUT_OFF_REPLICAS, JOIN, LEAVE, WIPE, OUTAGE,
        DROP, DELAY, DUPLICATE, ZONE_CUT, RANDOM_PARTITION }

    /** How many kinds of common events there are: those before JOIN in {@link Kind}. */
    private static final int COMMON_KINDS = Kind.JOIN.ordinal();

    private record Event(long at, Kind kind) {
    }

    private FaultPlanner() {
    }

    static FaultSchedule plan(SimCluster cluster, RandomGenerator random, int faults, long untilMillis, List<Key> keys) {
        return plan(cluster, random, faults, untilMillis, keys, OUTAGE_ONE_IN);
    }

    /** As above, with a long outage in one run out of {@code outageOneIn} (1: every run). */
    static FaultSchedule plan(SimCluster cluster, RandomGenerator random, int faults, long untilMillis, List<Key> keys,
                              int outageOneIn) {
        return plan(cluster, random, faults, untilMillis, keys, outageOneIn, FaultMix.STANDARD);
    }

    /**
     * As above, the faults drawn from {@code mix}: the standard mix plans as it always did (the same
     * seed, the same schedule); a weighted one draws each of the {@code faults} by weight.
     */
    static FaultSchedule plan(SimCluster cluster, RandomGenerator random, int faults, long untilMillis, List<Key> keys,
                              int outageOneIn, FaultMix mix) {
        if (!mix.isStandard()) {
            return planWeighted(cluster, random, faults, untilMillis, keys, mix);
        }
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < faults; i++) {
            events.add(new Event(random.nextInt((int) untilMillis), Kind.values()[random.nextInt(COMMON_KINDS)]));
        }
        if (random.nextInt(JOIN_ONE_IN) == 0) {
            events.add(new Event(random.nextInt((int) untilMillis / 3), Kind.JOIN));
        }
        if (random.nextInt(LEAVE_ONE_IN) == 0) {
            events.add(new Event(untilMillis / 3 + random.nextInt((int) untilMillis / 3), Kind.LEAVE));
        }
        if (random.nextInt(WIPE_ONE_IN) == 0) {
            events.add(new Event(random.nextInt((int) untilMillis), Kind.WIPE));
        }
        if (random.nextInt(outageOneIn) == 0) {
            events.add(new Event(random.nextInt((int) untilMillis / 5), Kind.OUTAGE));
        }
        events.sort(Comparator.comparingLong(Event::at));
        return new Planner(cluster, random, keys).plan(events);
    }

    /**
     * {@code faults} events, each of a kind drawn from {@code mix} at a random time of the workload:
     * half the draws of a fault that lasts are its undoing; a join falls in the first third, a leave
     * in the second, an outage in the first fifth (as in the standard mix); a second join, leave or
     * wipe is skipped.
     */
    private static FaultSchedule planWeighted(SimCluster cluster, RandomGenerator random, int faults, long untilMillis,
                                              List<Key> keys, FaultMix mix) {
        List<Event> events = new ArrayList<>();
        boolean joined = false;
        boolean left = false;
        boolean wiped = false;
        for (int i = 0; i < faults; i++) {
            long at = random.nextInt((int) untilMillis);
            FaultMix.Kind drawn = mix.pick(random.nextInt(mix.total()));
            boolean undo = random.nextBoolean();
            switch (drawn) {
                case CRASH -> events.add(new Event(at, undo ? Kind.RESTART : Kind.CRASH));
                case PARTITION -> events.add(new Event(at, undo ? Kind.HEAL : Kind.RANDOM_PARTITION));
                case CUT_REPLICAS -> events.add(new Event(at, undo ? Kind.HEAL : Kind.CUT_OFF_REPLICAS));
                case ZONE_CUT -> events.add(new Event(at, undo ? Kind.HEAL : Kind.ZONE_CUT));
                case LOSSY -> events.add(new Event(at, undo ? Kind.CLEAR : Kind.LOSSY));
                case DROP -> events.add(new Event(at, undo ? Kind.CLEAR : Kind.DROP));
                case DELAY -> events.add(new Event(at, undo ? Kind.CLEAR : Kind.DELAY));
                case DUPLICATE -> events.add(new Event(at, undo ? Kind.CLEAR : Kind.DUPLICATE));
                case JOIN -> {
                    if (!joined) {
                        joined = true;
                        events.add(new Event(at / 3, Kind.JOIN));
                    }
                }
                case LEAVE -> {
                    if (!left) {
                        left = true;
                        events.add(new Event(untilMillis / 3 + at / 3, Kind.LEAVE));
                    }
                }
                case WIPE -> {
                    if (!wiped) {
                        wiped = true;
                        events.add(new Event(at, Kind.WIPE));
                    }
                }
                case OUTAGE -> events.add(new Event(at / 5, Kind.OUTAGE));
            }
        }
        events.sort(Comparator.comparingLong(Event::at));
        return new Planner(cluster, random, keys).plan(events);
    }

    /** Walks the events in time order, keeping track of who is down, and schedules each. */
    private static final class Planner {
        private final SimCluster cluster;
        private final RandomGenerator random;
        private final List<Key> keys;
        private final List<NodeId> nodes;
        private final Set<NodeId> down = new LinkedHashSet<>();
        private final Set<NodeId> outage = new HashSet<>();
        private final List<ScheduledFault> plan = new ArrayList<>();
        private final int n;
        private int members;
        private NodeId leaver;

        Planner(SimCluster cluster, RandomGenerator random, List<Key> keys) {
            this.cluster = cluster;
            this.random = random;
            this.keys = keys;
            this.nodes = new ArrayList<>(cluster.nodeIds());
            this.members = nodes.size();
            this.n = cluster.quorum().n();
        }

        FaultSchedule plan(List<Event> events) {
            for (Event e : events) {
                plan(e.at(), e.kind());
            }
            return new FaultSchedule(plan);
        }

        private void plan(long at, Kind kind) {
            NodeId node = nodes.get(random.nextInt(nodes.size()));
            boolean canStop = down.size() < members - n && !down.contains(node);
            if ((kind == Kind.CRASH || kind == Kind.OUTAGE) && canStop) {
                // A long outage is a stop no restart undoes before the end game.
                down.add(node);
                if (kind == Kind.OUTAGE) {
                    outage.add(node);
                }
                add(at, new FaultAction.Stop(node));
            } else if (kind == Kind.RESTART && down.size() > outage.size()) {
                NodeId back = down.stream().filter(id -> !outage.contains(id)).findFirst().orElseThrow();
                down.remove(back);
                add(at, new FaultAction.Restart(back));
            } else if (kind == Kind.PARTITION) {
                partition(at);
            } else if (kind == Kind.CUT_OFF_REPLICAS) {
                add(at, new FaultAction.CutOffReplicas(keys.get(random.nextInt(keys.size()))));
            } else if (kind == Kind.HEAL) {
                add(at, new FaultAction.Heal());
            } else if (kind == Kind.LOSSY) {
                add(at, new FaultAction.LossyLinks(0.05 + random.nextDouble() * 0.25, 0.05, 30));
            } else if (kind == Kind.CLEAR) {
                add(at, new FaultAction.CleanLinks());
            } else if (kind == Kind.JOIN) {
                NodeId joiner = NodeId.of("n" + (cluster.nodeIds().size() + 1));
                nodes.add(joiner);
                add(at, new FaultAction.Join(joiner));
            } else if (kind == Kind.LEAVE) {
                planLeave(at);
            } else if (kind == Kind.WIPE && !down.contains(node) && !node.equals(leaver)) {
                add(at, new FaultAction.Wipe(node));
            } else if (kind == Kind.RANDOM_PARTITION) {
                randomPartition(at);
            } else if (kind == Kind.ZONE_CUT) {
                List<Zone> zones = zones();
                if (zones.size() > 1) {
                    add(at, new FaultAction.CutZone(zones.get(random.nextInt(zones.size()))));
                }
            } else if (kind == Kind.DROP) {
                add(at, new FaultAction.LossyLinks(0.05 + random.nextDouble() * 0.25, 0, 0));
            } else if (kind == Kind.DELAY) {
                add(at, new FaultAction.LossyLinks(0, 0, 20 + random.nextInt(81)));
            } else if (kind == Kind.DUPLICATE) {
                add(at, new FaultAction.LossyLinks(0, 0.05 + random.nextDouble() * 0.25, 0));
            }
        }

        /** A leave of a member that is up: it counts as gone from now on, so fewer may be down. */
        private void planLeave(long at) {
            List<NodeId> up = nodes.stream().filter(id -> !down.contains(id)).toList();
            if (up.isEmpty() || down.size() > members - 1 - n) {
                return;
            }
            leaver = up.get(random.nextInt(up.size()));
            nodes.remove(leaver);
            members--;
            add(at, new FaultAction.Leave(leaver));
        }

        private void partition(long at) {
            List<Zone> zones = zones();
            if (zones.size() > 1 && random.nextBoolean()) { // draws nothing more in one zone: its seeds plan as before
                add(at, new FaultAction.CutZone(zones.get(random.nextInt(zones.size()))));
                return;
            }
            randomPartition(at);
        }

        private List<Zone> zones() {
            return cluster.ring().zones().values().stream().distinct().sorted().toList();
        }

        /** The nodes shuffled and cut in two at a random place. */
        private void randomPartition(long at) {
            List<NodeId> shuffled = new ArrayList<>(nodes);
            Collections.shuffle(shuffled, new Random(random.nextLong()));
            int cut = 1 + random.nextInt(nodes.size() - 1);
            Set<NodeId> a = new HashSet<>(shuffled.subList(0, cut));
            Set<NodeId> b = new HashSet<>(shuffled.subList(cut, shuffled.size()));
            add(at, new FaultAction.Partition(List.of(a, b)));
        }

        private void add(long at, FaultAction action) {
            plan.add(new ScheduledFault(Duration.ofMillis(at), action));
        }
    }
}
