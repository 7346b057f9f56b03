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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
     * @param faultMix    which faults the planner draws ({@link FaultMix#STANDARD}: as it always did)
     */
    public record Config(int nodes, int clients, int keys, long workloadMillis, int faults, SloppyQuorum sloppy,
                          TombstoneConfig tombstones, int outageOneIn, int zones, NamespaceMix namespaces,
                          FaultMix faultMix) {

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
                    1, NamespaceMix.NONE, FaultMix.STANDARD);
        }

        public Config withSloppy(SloppyQuorum s) {
            return new Config(nodes, clients, keys, workloadMillis, faults, s, tombstones, outageOneIn, zones,
                    namespaces, faultMix);
        }

        /** These tombstone settings, and a long outage in every run. */
        public Config withLongOutagesAnd(TombstoneConfig t) {
            return new Config(nodes, clients, keys, workloadMillis, faults, sloppy, t, 1, zones, namespaces, faultMix);
        }

        /** {@code s} nodes in {@code z} zones, taken in turn; {@code f} planned faults. */
        public Config inZones(int s, int z, int f) {
            return new Config(s, clients, keys, workloadMillis, f, sloppy, tombstones, outageOneIn, z, namespaces,
                    faultMix);
        }

        /** {@code c} clients on {@code k} keys (per namespace) for {@code millis} of virtual time. */
        public Config withWorkload(int c, int k, long millis) {
            if (c < 1 || k < 1 || millis < 1) {
                throw new IllegalArgumentException("clients, keys and the workload's length must be positive, were "
                        + c + ", " + k + ", " + millis);
            }
            return new Config(nodes, c, k, millis, faults, sloppy, tombstones, outageOneIn, zones, namespaces, faultMix);
        }

        /** Faults drawn from {@code mix}. */
        public Config withFaultMix(FaultMix mix) {
            return new Config(nodes, clients, keys, workloadMillis, faults, sloppy, tombstones, outageOneIn, zones,
                    namespaces, mix);
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
            return new Config(nodes, 6, 4, workloadMillis, faults, sloppy, QUICK_TOMBSTONES, outageOneIn, zones, mix,
                    faultMix);
        }
    }

    /** Grace 2 s, a partition scanned every 50 ms, hints handed on after 1 s, no clock skew (one clock). */
    public static final TombstoneConfig QUICK_TOMBSTONES = new TombstoneConfig(2_000, 50, 1_000, 1_000, 0);

    /**
     * The laws judged after every run, by name, each with what it means in one line, in the order
     * a {@link Result}'s violations list them. The last four judge namespaces: with the default
     * namespace alone they have nothing to judge (and {@code ExpiredKeysCollected} is judged only
     * when some namespace has a ttl).
     */
    public static final Map<String, String> LAWS = lawCatalog();

    /** The laws of {@link #LAWS} that have something to judge only when the run makes namespaces. */
    public static final List<String> NAMESPACE_LAWS =
            List.of("LastWriteWins", "NamespacesNotForgotten", "ExpiredKeysCollected", "NoExpiredVersionReturns");

    /** The laws of {@link #LAWS} that have something to judge only when the nodes are in several zones. */
    public static final List<String> ZONE_LAWS = List.of("ZoneCutsLeaveTheRestServing");

    private static Map<String, String> lawCatalog() {
        Map<String, String> laws = new LinkedHashMap<>();
        laws.put("NoAcknowledgedWriteLost", "every acknowledged write is still held, as itself or in the past of a"
                + " sibling");
        laws.put("ContextsCoverOnlyWhatWasRead", "a put supersedes only versions its client had read");
        laws.put("NoPhantomVersions", "every version read or held was written by a client; no dot names two versions");
        laws.put("HintsEventuallyDrain", "no node keeps hints once every node is back");
        laws.put("SiblingsConverge", "every replica of a key ends holding the same siblings");
        laws.put("MembershipConverges", "every node ends with the same ring: joiners in, leavers out");
        laws.put("NoDeletedValueReturns", "a deleted value is neither read nor held once the cluster has settled");
        laws.put("AlwaysWriteable", "a put to a node that reaches W nodes succeeds within the deadline");
        laws.put("AlwaysReadable", "a get to a node that reaches R nodes is answered within the deadline");
        laws.put("ZoneCutsLeaveTheRestServing", "while a zone is cut off, the other zones serve every key");
        laws.put("AcknowledgedWritesHeldByW", "when a write is acknowledged, W nodes have stored it");
        laws.put("LastWriteWins", "a last-write-wins read shows one version, once settled the latest acknowledged");
        laws.put("NamespacesNotForgotten", "a node that knew a namespace never refuses its keys as unknown");
        laws.put("ExpiredKeysCollected", "a key whose every version expired is purged by some replica");
        laws.put("NoExpiredVersionReturns", "no read returns a version whose ttl had passed");
        return Collections.unmodifiableMap(laws);
    }

    /**
     * What a run found: its seed, its fault schedule, and each invariant's violations.
     *
     * @param schedule      the faults as text, then what the ring operator did, for a report
     * @param faults        the faults the run was given or planned, to replay (times from the workload's start)
     * @param operations    the clients' requests during the workload (puts, deletes and gets)
     * @param virtualMillis how much virtual time the run took, end game included
     */
    public record Result(long seed, List<String> schedule, Map<String, List<String>> violations, long writes,
                         long acknowledged, long reads, long readsWithSiblings, long tombstonesCollected,
                         long unknownNamespaceRefusals, long expiredKeysHeld, FaultSchedule faults, long operations,
                         long virtualMillis) {

        public boolean ok() {
            return violations.values().stream().allMatch(List::isEmpty);
        }

        /** The first law violated, in the order of {@link #LAWS}, if any. */
        public Optional<String> firstViolated() {
            return violations.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey)
                    .findFirst();
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

    /** A run's result and what happened in it, for a person to read. */
    public record Traced(Result result, Timeline timeline) {
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
        return run(seed, options, SimulationEnvironment.REAL);
    }

    /** As {@link #run(long, Config)}, in {@code environment} (a test's planted storage, say). */
    public static Result run(long seed, Config options, SimulationEnvironment environment) {
        return trace(seed, options, Optional.empty(), environment).result();
    }

    /**
     * Runs {@code schedule} (the load generator's {@code --faults} syntax, times in virtual ms from
     * the start of the workload) instead of a planned one: the same seed and schedule give the same
     * result. The faults are as written; the planner's limits (N members stay up) are the writer's care.
     * A run given the schedule its seed would plan ({@link Result#faults}) is that run again.
     */
    public static Result replay(long seed, Config options, FaultSchedule schedule) {
        return replay(seed, options, schedule, SimulationEnvironment.REAL);
    }

    /** As {@link #replay(long, Config, FaultSchedule)}, in {@code environment}. */
    public static Result replay(long seed, Config options, FaultSchedule schedule, SimulationEnvironment environment) {
        return trace(seed, options, Optional.of(schedule), environment).result();
    }

    /**
     * A run, planned from its seed ({@code schedule} empty) or given its faults, with its
     * {@link Timeline}: the same run as {@link #run} or {@link #replay}.
     */
    public static Traced trace(long seed, Config options, Optional<FaultSchedule> schedule,
                               SimulationEnvironment environment) {
        return run(seed, options, environment, (cluster, random, keys) -> schedule.orElseGet(() -> FaultPlanner.plan(
                cluster, random, options.faults(), options.workloadMillis(), keys, options.outageOneIn(),
                options.faultMix())));
    }

    /** The keys the clients of a run of {@code options} use: k0, k1, ... in each namespace. */
    public static List<Key> keys(Config options) {
        return new Workload.Plan(options.namespaces(), options.keys(), 0, options.workloadMillis()).keys();
    }

        /** How a run gets its faults. */
    private interface Faults {
        FaultSchedule plan(SimCluster cluster, SplittableRandom random, List<Key> keys);
    }

    private static Traced run(long seed, Config options, SimulationEnvironment environment, Faults faults) {
        SplittableRandom random = new SplittableRandom(seed);
        SimScheduler scheduler = new SimScheduler();
        RecordingStorage.VersionLog versions = new RecordingStorage.VersionLog();
        CoordinatorConfig config = new CoordinatorConfig(Quorum.DEFAULT, Config.TIMEOUT_MILLIS,
                VectorClock.DEFAULT_MAX_ENTRIES).withSloppy(options.sloppy());
        SimCluster cluster = new SimCluster(SimCluster.names(options.nodes()), scheduler, random.split(), config,
                storage -> new RecordingStorage(environment.storage().apply(storage), versions),
                node -> node.withTombstones(options.tombstones())
                        .withMembership(node.membership().withZone(options.zoneOf(node.id()))));
        History history = new History(options.namespaces()::lastWriteWins);
        Timeline timeline = new Timeline(history, versions, cluster.events(), cluster.nodeIds());
        options.namespaces().define(cluster);
        long start = scheduler.now(); // 0 unless namespaces were made first; the schedule counts from here
        if (start > 0) {
            cluster.note(null, Timeline.Kind.PHASE, "namespaces made and known to every node");
        }
        history.workloadEnd = start + options.workloadMillis();
        Workload workload = new Workload(cluster, random.split(), history, new Workload.Plan(options.namespaces(),
                options.keys(), start, start + options.workloadMillis()));
        timeline.keys(workload.keys());
        FaultSchedule schedule = faults.plan(cluster, random.split(), workload.keys());
        cluster.replay(shifted(schedule, start));
        cluster.note(null, Timeline.Kind.PHASE, "workload starts: " + options.clients() + " client"
                + (options.clients() == 1 ? "" : "s") + " on " + workload.keys().size() + " key"
                + (workload.keys().size() == 1 ? "" : "s"));
        workload.startClients(options.clients());
        scheduler.runUntil(start + options.workloadMillis());
        cluster.note(null, Timeline.Kind.PHASE, "workload ends: clients send no more requests");
        timeline.workloadEnd(scheduler.now());
        scheduler.runUntil(start + options.workloadMillis() + 2_000);
        endGame(cluster, workload.keys(), history, timeline);

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
            awaitCollection(cluster, workload.keys(), history, namespaceLaws, timeline);
            violations.put("ExpiredKeysCollected", namespaceLaws.expiredKeysCollected(workload.keys()));
        }
        violations.put("NoExpiredVersionReturns", namespaceLaws.noExpiredVersionReturns());
        long acked = history.writes.stream().filter(w -> w.acknowledged).count();
        List<String> report = new ArrayList<>(schedule.lines());
        cluster.ringChangeLog().forEach(line -> report.add("operator at " + line));
        Result result = new Result(seed, report, violations, history.writes.size(), acked, history.reads,
                history.readsWithSiblings, versions.purges, namespaceLaws.refusedBeforeKnowing(),
                namespaceLaws.expiredKeysHeld(workload.keys()), schedule,
                history.writes.size() + history.readAttempts.size(), scheduler.now());
        cluster.note(null, Timeline.Kind.PHASE, result.firstViolated().map(law -> "invariants judged: " + law
                + " is violated").orElse("invariants judged: every one holds"));
        return new Traced(result, timeline);
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
                                        NamespaceInvariants laws, Timeline timeline) {
        long deadline = cluster.scheduler().now() + COLLECTION_DEADLINE_MILLIS;
        while (!laws.expiredKeysCollected(keys).isEmpty() && cluster.scheduler().now() < deadline) {
            cluster.scheduler().runFor(1_000);
        }
        cluster.note(null, Timeline.Kind.PHASE, "expired keys collected (or a minute passed); every key read once more");
        readAll(cluster, keys, history, 1, timeline);
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
    private static void endGame(SimCluster cluster, List<Key> keys, History history, Timeline timeline) {
        cluster.note(null, Timeline.Kind.PHASE, "end game: partitions healed, links clean, every node restarted");
        timeline.endGame(cluster.scheduler().now());
        cluster.network().clearFaults();
        cluster.because("end game", () -> cluster.nodeIds().forEach(cluster::restart));
        SimScheduler scheduler = cluster.scheduler();
        long ringDeadline = scheduler.now() + RING_CHANGE_WAIT_MILLIS;
        while (!cluster.ringChangesSettled() && scheduler.now() < ringDeadline) {
            scheduler.runFor(500);
        }
        // Long enough for hints to drain and for anti-entropy to visit every (partition, peer) pair.
        scheduler.runFor(15_000);
        history.settledAt = scheduler.now();
        cluster.note(null, Timeline.Kind.PHASE, "settled (ring changes done, hints and anti-entropy had 15 s):"
                + " every key read twice");
        readAll(cluster, keys, history, 2, timeline);
    }

    /** Reads every key {@code rounds} times, through a different node each round, recording what is read. */
    private static void readAll(SimCluster cluster, List<Key> keys, History history, int rounds, Timeline timeline) {
        SimScheduler scheduler = cluster.scheduler();
        for (int round = 0; round < rounds; round++) {
            NodeId reader = cluster.nodeIds().get(round % cluster.nodeIds().size());
            for (Key key : keys) {
                long started = scheduler.now();
                cluster.client(reader).get(key).whenComplete((r, e) -> {
                    if (r != null) {
                        history.read(key, started, scheduler.now(), r.siblings());
                        timeline.finalRead(key, reader, started, scheduler.now(), r.siblings());
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
