package io.dynacart.store.sim;

import io.dynacart.store.api.Quorum;
import io.dynacart.store.cluster.FaultAction;
import io.dynacart.store.cluster.FaultSchedule;
import io.dynacart.store.cluster.ScheduledFault;
import io.dynacart.store.coordinator.CoordinatorConfig;
import io.dynacart.store.antientropy.TombstoneConfig;
import io.dynacart.store.coordinator.SloppyQuorum;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.identity.Zone;
import io.dynacart.store.versioning.VectorClock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One seeded run: a cluster, clients writing colliding keys, a schedule of faults (crashes,
 * restarts, partitions, lossy, slow and duplicating links; in some runs a join, a leave, a wiped disk,
 * a long outage), then the end game — heal everything, restart every node, let ring changes finish,
 * hints drain and anti-entropy pass, read every key twice (read repair) — and the invariants.
 * The same seed always replays the same run.
 */
public final class Simulation {

    /**
     * Knobs of a run; {@link #standard()} is what {@code mvn verify} runs 500 times.
     *
     * @param sloppy      how the nodes' coordinators replace silent replicas (see {@link SloppyQuorum})
     * @param tombstones  how the nodes collect tombstones and how long hints live
     * @param outageOneIn a long outage (a node down from the first fifth of the run to the end game) in
     *                    one run out of this many
     * @param zones       how many zones the nodes are in, taken in turn: n1 in zone a, n2 in b, ...;
     *                    with more than one, the planner cuts whole zones off too
     * @param namespaces  the namespaces made before the workload, beside the default one (keys is how
     *                    many keys the clients use in each)
     */
    public record Config(int nodes, int clients, int keys, long workloadMillis, int faults, SloppyQuorum sloppy,
                          TombstoneConfig tombstones, int outageOneIn, int zones, NamespaceMix namespaces) {

        /** The request timeout of simulated nodes. */
        public static final long TIMEOUT_MILLIS = 300;

        public Config {
            if (zones < 1 || zones > 26) {
                throw new IllegalArgumentException("zones must be from 1 to 26, was " + zones);
            }
        }

        /** The default namespace alone, in one zone (keys: how many per namespace). */
        public static Config standard() {
            return new Config(5, 4, 6, 8_000, 6, SIM_SLOPPY_QUORUM, TombstoneConfig.DEFAULT, FaultPlanner.OUTAGE_ONE_IN,
                    1, NamespaceMix.NONE);
        }

        public Config withSloppy(SloppyQuorum s) {
            return new Config(nodes, clients, keys, workloadMillis, faults, s, tombstones, outageOneIn, zones,
                    namespaces);
        }

        /** These tombstone settings, and a long outage in every run. */
        public Config withLongOutagesAnd(TombstoneConfig t) {
            return new Config(nodes, clients, keys, workloadMillis, faults, sloppy, t, 1, zones, namespaces);
        }

        /** {@code s} nodes in {@code z} zones, taken in turn; {@code f} planned faults. */
        public Config inZones(int s, int z, int f) {
            return new Config(s, clients, keys, workloadMillis, f, sloppy, tombstones, outageOneIn, z, namespaces);
        }

        /** The zone of node {@code id} (n1 in a, n2 in b, ..., wrapping round), or the default zone in one zone. */
        public Zone zoneOf(NodeId id) {
            if (zones == 1) {
                return Zone.DEFAULT;
            }
            int index = Integer.parseInt(id.value().substring(1)) - 1;
            return Zone.of(String.valueOf((char) ('a' + index % zones)));
        }

        /**
         * The standard namespaces ({@link NamespaceMix#standard()}) beside the default one, four keys in
         * each, six clients, and tombstones (and so expired keys) collected after 2 s, as
         * {@link #QUICK_TOMBSTONES}.
         */
        public Config withNamespaces() {
            return withNamespaces(NamespaceMix.standard());
        }

        /** As {@link #withNamespaces()}, with {@code mix}. */
        public Config withNamespaces(NamespaceMix mix) {
            return new Config(nodes, 6, 4, workloadMillis, faults, sloppy, QUICK_TOMBSTONES, outageOneIn, zones, mix);
        }
    }

    /** Grace 2 s, a partition scanned every 50 ms, hints handed on after 1 s, no clock skew (one clock). */
    public static final TombstoneConfig QUICK_TOMBSTONES = new TombstoneConfig(2_000, 50, 1_000, 1_000, 0);

    /** What a run found: its seed, its fault schedule, and each invariant's violations. */
    public record Result(long seed, List<String> schedule, Map<String, List<String>> violations, long writes,
                         long acknowledged, long reads, long readsWithSiblings, long tombstonesCollected,
                         long unknownNamespaceRefusals, long expiredKeysHeld) {

        public boolean ok() {
            return violations.values().stream().allMatch(List::isEmpty);
        }

        /** A report naming the seed to replay, the schedule and the first violations of each law. */
        public String report() {
            StringBuilder sb = new StringBuilder("simulation seed ").append(seed)
                    .append(" (replay: Simulation.run(").append(seed).append("L, ...))\nschedule:\n");
            schedule.forEach(s -> sb.append("  ").append(s).append('\n'));
            violations.forEach((law, list) -> {
                if (!list.isEmpty()) {
                    sb.append(law).append(": ").append(list.size()).append(" violation(s)\n");
                    list.stream().limit(5).forEach(v -> sb.append("  ").append(v).append('\n'));
                }
            });
            return sb.toString();
        }
    }

    /**
     * The replica waits of the simulated cluster: its request timeout is 300 ms (virtual links take
     * 1-4 ms), so waits are capped at 60 ms to leave room for four rounds of stand-ins, as the
     * defaults' 200 ms cap does within the real 1 s timeout.
     */
    static final SloppyQuorum SIM_SLOPPY_QUORUM = new SloppyQuorum(20, 60, 40, true);

    private Simulation() {
    }

    public static Result run(long seed, Config options) {
        return run(seed, options, (cluster, random, keys) -> FaultPlanner.plan(cluster, random, options.faults(),
                options.workloadMillis(), keys, options.outageOneIn()));
    }

    /**
     * Runs {@code schedule} (the load generator's {@code --faults} syntax, times in virtual ms from
     * the start of the workload) instead of a planned one: the same seed and schedule give the same
     * result. The faults are as written; the planner's limits (N members stay up) are the writer's care.
     */
    public static Result replay(long seed, Config options, FaultSchedule schedule) {
        return run(seed, options, (cluster, random, keys) -> schedule);
    }

    /** How a run gets its faults. */
    private interface Faults {
        FaultSchedule plan(SimCluster cluster, SplittableRandom random, List<Key> keys);
    }

    private static Result run(long seed, Config options, Faults faults) {
        SplittableRandom random = new SplittableRandom(seed);
        SimScheduler scheduler = new SimScheduler();
        RecordingStorage.VersionLog versions = new RecordingStorage.VersionLog();
        CoordinatorConfig config = new CoordinatorConfig(Quorum.DEFAULT, Config.TIMEOUT_MILLIS,
                VectorClock.DEFAULT_MAX_ENTRIES).withSloppy(options.sloppy());
        SimCluster cluster = new SimCluster(SimCluster.names(options.nodes()), scheduler, random.split(), config,
                storage -> new RecordingStorage(storage, versions), node -> node.withTombstones(options.tombstones())
                .withMembership(node.membership().withZone(options.zoneOf(node.id()))));
        History history = new History(options.namespaces()::lastWriteWins);
        options.namespaces().define(cluster);
        long start = scheduler.now(); // 0 unless namespaces were made first; the schedule counts from here
        history.workloadEnd = start + options.workloadMillis();
        Workload workload = new Workload(cluster, random.split(), history, new Workload.Plan(options.namespaces(),
                options.keys(), start, start + options.workloadMillis()));
        FaultSchedule schedule = faults.plan(cluster, random.split(), workload.keys());
        cluster.replay(shifted(schedule, start));
        workload.startClients(options.clients());
        scheduler.runUntil(start + options.workloadMillis() + 2_000);
        endGame(cluster, workload.keys(), history);

        Invariants laws = new Invariants(cluster, history, versions, options.namespaces());
        Map<String, List<String>> violations = new LinkedHashMap<>();
        violations.put("NoAcknowledgedWriteLost", laws.noAcknowledgedWriteLost());
        violations.put("ContextsCoverOnlyWhatWasRead", laws.contextsCoverOnlyWhatWasRead());
        violations.put("NoPhantomVersions", laws.noPhantomVersions());
        violations.put("HintsEventuallyDrain", laws.hintsDrain());
        violations.put("SiblingsConverge", laws.siblingsConverge());
        violations.put("MembershipConverges", laws.membershipConverges());
        violations.put("NoDeletedValueReturns", laws.noDeletedValueReturns());
        violations.put("AlwaysWriteable", laws.alwaysWriteable(config.timeoutMillis()));
        Availability availability = new Availability(cluster, history, versions, options.namespaces());
        violations.put("AlwaysReadable", availability.alwaysReadable(config.timeoutMillis()));
        violations.put("ZoneCutsLeaveTheRestServing", availability.zoneCutsLeaveTheRestServing(workload.plan(),
                onlyZoneCuts(schedule), ZONE_CUT_COVERAGE_MILLIS));
        NamespaceInvariants namespaceLaws = new NamespaceInvariants(history, versions, options.namespaces(), laws::served,
                laws::now);
        violations.put("AcknowledgedWritesHeldByW", namespaceLaws.acknowledgedWritesHeldByW());
        violations.put("LastWriteWins", namespaceLaws.lastWriteWins());
        violations.put("NamespacesNotForgotten", namespaceLaws.namespacesNotForgotten());
        if (options.namespaces().anyExpiry()) {
            awaitCollection(cluster, workload.keys(), history, namespaceLaws);
            violations.put("ExpiredKeysCollected", namespaceLaws.expiredKeysCollected(workload.keys()));
        }
        violations.put("NoExpiredVersionReturns", namespaceLaws.noExpiredVersionReturns());
        long acked = history.writes.stream().filter(w -> w.acknowledged).count();
        List<String> report = new ArrayList<>(schedule.lines());
        cluster.ringChangeLog().forEach(line -> report.add("operator at " + line));
        return new Result(seed, report, violations, history.writes.size(), acked, history.reads,
                history.readsWithSiblings, versions.purges, namespaceLaws.refusedBeforeKnowing(),
                namespaceLaws.expiredKeysHeld(workload.keys()));
    }

    /** {@code schedule} with every fault {@code millis} later. */
    private static FaultSchedule shifted(FaultSchedule schedule, long millis) {
        return new FaultSchedule(schedule.faults().stream()
                .map(f -> new ScheduledFault(f.at().plusMillis(millis), f.action())).toList());
    }

    /** Longest the cluster may take, once settled, to collect keys whose every version expired, in virtual ms. */
    static final long COLLECTION_DEADLINE_MILLIS = 60_000;

    /**
     * Runs the settled cluster until some replica has purged every key whose every version has
     * expired ({@link NamespaceInvariants#expiredKeysCollected}), for at most
     * {@link #COLLECTION_DEADLINE_MILLIS}, then reads every key once more: what the expiry laws judge.
     * From the end game on every node is up and links are clean, and the last write was answered two
     * seconds after the workload, so every version of a key with a ttl has expired by ttl + 2 s after
     * it. A replica then first sees the set dead within a scan of its ~40 partitions (2 s), waits the
     * 2 s grace, an exchange with each peer (each pair comes up about every 8 s) and the hint horizon's
     * 5 s settling: a first purge is due some 20 s after expiry, well within the end game's 19 s and
     * this deadline.
     */
    private static void awaitCollection(SimCluster cluster, List<Key> keys, History history,
                                        NamespaceInvariants laws) {
        long deadline = cluster.scheduler().now() + COLLECTION_DEADLINE_MILLIS;
        while (!laws.expiredKeysCollected(keys).isEmpty() && cluster.scheduler().now() < deadline) {
            cluster.scheduler().runFor(1_000);
        }
        readAll(cluster, keys, history, 1);
    }

    /** Whether the schedule's faults are zone cuts and heals only (then the rest must serve every key). */
    private static boolean onlyZoneCuts(FaultSchedule schedule) {
        return schedule.faults().stream().allMatch(f -> f.action() instanceof FaultAction.CutZone
                || f.action() instanceof FaultAction.Heal);
    }

    /** A zone cut at least this long (virtual ms) must see every key read and written by the rest. */
    static final long ZONE_CUT_COVERAGE_MILLIS = 2_000;

    /** Longest the end game waits for joins and leaves to finish, in virtual ms. */
    static final long RING_CHANGE_WAIT_MILLIS = 60_000;

    /**
     * Heals the network, restarts every node (a long outage ends here), waits for joins and leaves to
     * finish, then for hints and a round of anti-entropy, then reads every key twice (read repair).
     */
    private static void endGame(SimCluster cluster, List<Key> keys, History history) {
        cluster.network().clearFaults();
        for (NodeId id : cluster.nodeIds()) {
            cluster.restart(id);
        }
        SimScheduler scheduler = cluster.scheduler();
        long ringDeadline = scheduler.now() + RING_CHANGE_WAIT_MILLIS;
        while (!cluster.ringChangesSettled() && scheduler.now() < ringDeadline) {
            scheduler.runFor(500);
        }
        // Long enough for hints to drain and for anti-entropy to visit every (partition, peer) pair.
        scheduler.runFor(15_000);
        history.settledAt = scheduler.now();
        readAll(cluster, keys, history, 2);
    }

    /** Reads every key {@code rounds} times, through a different node each round, recording what is read. */
    private static void readAll(SimCluster cluster, List<Key> keys, History history, int rounds) {
        SimScheduler scheduler = cluster.scheduler();
        for (int round = 0; round < rounds; round++) {
            NodeId reader = cluster.nodeIds().get(round % cluster.nodeIds().size());
            for (Key key : keys) {
                long started = scheduler.now();
                cluster.client(reader).get(key).whenComplete((r, e) -> {
                    if (r != null) {
                        history.read(key, started, scheduler.now(), r.siblings());
                    }
                });
            }
            scheduler.runFor(2_000);
        }
    }

    /** Runs seeds {@code first .. first+count-1}; returns the failures. */
    public static List<Result> runMany(long first, int count, Config options) {
        List<Result> failures = new ArrayList<>();
        for (long seed = first; seed < first + count; seed++) {
            Result r = run(seed, options);
            if (!r.ok()) {
                failures.add(r);
            }
        }
        return failures;
    }
}
