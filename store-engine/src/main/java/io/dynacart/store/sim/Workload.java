package io.dynacart.store.sim;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.UnknownNamespaceException;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.Namespace;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.node.Node;
import io.dynacart.store.versioning.Context;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

/**
 * Simulated clients: each, until the end time, picks a key from a small key space (so writes
 * collide) and a live node to talk to, and does one of: read then write what it read (most often),
 * blind write, read then delete, or just read. Every outcome goes to the {@link History}, with,
 * for an acknowledged write, what every member had stored of its key by then.
 *
 * <p>Keys spread evenly over the namespaces of the run's {@link NamespaceMix}; a call names no
 * quorum, so each runs with its namespace's. Keys of a namespace with a ttl go quiet in turns
 * ({@link Plan#quiet}).
 */
final class Workload {

    /** An operation draw that only reads. */
    private static final int READ_ONLY = 99;

    /**
     * What the clients work on: {@code keysPerNamespace} keys in each namespace of {@code mix}
     * (the default namespace's named k0, k1, ... as they always were), from {@code startMillis} to
     * {@code endMillis} (virtual time).
     */
    record Plan(NamespaceMix mix, int keysPerNamespace, long startMillis, long endMillis) {

        List<Key> keys() {
            List<Key> keys = new ArrayList<>();
            for (Namespace ns : mix.namespaces()) {
                IntStream.range(0, keysPerNamespace).mapToObj(i -> "k" + i)
                        .forEach(name -> keys.add(ns.isDefault() ? Key.of(name) : Key.of(ns, name)));
            }
            return keys;
        }

        /**
         * Whether {@code key} may only be read at {@code now}: a key of a namespace with a ttl is
         * written in turns of ttl + 1 s and left alone (read only) in the turns between, so that
         * it expires whole in mid-run. Neighbouring keys take opposite turns.
         */
        boolean quiet(Key key, int index, long now) {
            long ttl = mix.ttlMillis(key);
            if (ttl == 0) {
                return false;
            }
            long turn = (now - startMillis) / (ttl + 1_000);
            return (turn + index) % 2 == 1;
        }

        /** How long within {@code [from, to)} (virtual ms) the clients write {@code key}: all of it but its quiet turns. */
        long writtenMillis(Key key, long from, long to) {
            long ttl = mix.ttlMillis(key);
            if (ttl == 0) {
                return Math.max(0, to - from);
            }
            int index = keys().indexOf(key) % keysPerNamespace;
            long turn = ttl + 1_000;
            long total = 0;
            for (long t = from; t < to; ) {
                long turnEnds = Math.min(to, startMillis + ((t - startMillis) / turn + 1) * turn);
                if (!quiet(key, index, t)) {
                    total += turnEnds - t;
                }
                t = turnEnds;
            }
            return total;
        }
    }

    private final SimCluster cluster;
    private final RandomGenerator random;
    private final History history;
    private final Plan plan;
    private final List<Key> keys;

    /** Where a client sends a request: a node, as it runs now, and its client interface. */
    private record Entry(NodeId via, Node node, KvStore store) {
    }

    Workload(SimCluster cluster, RandomGenerator random, History history, Plan plan) {
        this.cluster = cluster;
        this.random = random;
        this.history = history;
        this.plan = plan;
        this.keys = plan.keys();
    }

    List<Key> keys() {
        return keys;
    }

    Plan plan() {
        return plan;
    }

    void startClients(int clients) {
        for (int c = 0; c < clients; c++) {
            cluster.scheduler().schedule(random.nextInt(20), this::step);
        }
    }

    private void step() {
        if (cluster.scheduler().now() >= plan.endMillis()) {
            return;
        }
        List<NodeId> live = cluster.nodeIds().stream().filter(cluster::isRunning).toList();
        if (live.isEmpty()) {
            next();
            return;
        }
        NodeId via = live.get(random.nextInt(live.size()));
        Entry entry = new Entry(via, cluster.node(via), cluster.client(via));
        int index = random.nextInt(keys.size());
        Key key = keys.get(index);
        int drawn = random.nextInt(100);
        int op = plan.quiet(key, index % plan.keysPerNamespace(), cluster.scheduler().now()) ? READ_ONLY : drawn;
        if (op < 15) {
            write(entry, key, false, Context.EMPTY, null);
        } else {
            long started = cluster.scheduler().now();
            History.ReadAttempt attempt = new History.ReadAttempt(key, via, started, cluster.reachableRingNodes(via),
                    cluster.linksClean(), cluster.disturbances());
            attempt.quorum = plan.mix().quorum(key, cluster.quorum());
            history.readAttempts.add(attempt);
            boolean knew = knows(entry, key);
            entry.store().get(key).whenComplete((result, error) -> {
                attempt.answeredAt = cluster.scheduler().now();
                attempt.disturbancesAtEnd = cluster.disturbances();
                if (error != null) {
                    attempt.failure = String.valueOf(error instanceof CompletionException c ? c.getCause() : error);
                    attempt.unknownNamespace = refusedAsUnknown(entry, knew, key, error);
                    next();
                    return;
                }
                attempt.versions = result.siblings();
                history.read(key, started, attempt.answeredAt, result.siblings());
                if (op < 75) {
                    write(entry, key, false, result.context(), result);
                } else if (op < 85) {
                    write(entry, key, true, result.context(), result);
                } else {
                    next();
                }
            });
        }
    }

    private void write(Entry entry, Key key, boolean delete, Context context, GetResult read) {
        History.Write w = history.begin(key, delete, context, read == null ? null : read.siblings());
        w.via = entry.via();
        w.startedAt = cluster.scheduler().now();
        w.reachable = cluster.reachableRingNodes(entry.via());
        w.linksClean = cluster.linksClean();
        w.disturbancesAtStart = cluster.disturbances();
        w.quorum = plan.mix().quorum(key, cluster.quorum());
        w.lossesAtStart = losses();
        boolean knew = knows(entry, key);
        var answer = delete ? entry.store().delete(key, context)
                : entry.store().put(key, context, w.value().getBytes(StandardCharsets.UTF_8));
        answer.whenComplete((ctx, error) -> {
            w.answeredAt = cluster.scheduler().now();
            w.disturbancesAtEnd = cluster.disturbances();
            if (error != null) {
                w.failure = String.valueOf(error instanceof CompletionException c ? c.getCause() : error);
                w.unknownNamespace = refusedAsUnknown(entry, knew, key, error);
            }
            if (error == null) {
                w.takenAtAck = taken(key);
                w.lossesAtEnd = losses();
                history.acknowledged(w, cluster.scheduler().now());
            }
            next();
        });
    }

    /** Whether {@code entry}'s node knows {@code key}'s namespace now: its view has it. */
    private static boolean knows(Entry entry, Key key) {
        return key.namespace().isDefault() || entry.node().view().namespaces().get(key.namespace()).isPresent();
    }

    /**
     * Whether {@code error} is a refusal for an unknown namespace; if so it is recorded, with whether
     * the node knew the namespace when the request was sent ({@code knew}), which
     * {@link NamespaceInvariants#namespacesNotForgotten} judges.
     */
    private boolean refusedAsUnknown(Entry entry, boolean knew, Key key, Throwable error) {
        Throwable cause = error instanceof CompletionException c ? c.getCause() : error;
        if (!(cause instanceof UnknownNamespaceException)) {
            return false;
        }
        history.unknownNamespace.add(new History.Refusal(key, entry.via(), cluster.scheduler().now(), knew,
                cause.getMessage()));
        return true;
    }

    /** Each member's storage (a crashed node's counts: it is kept), marked at what it has taken of {@code key} so far. */
    private Map<NodeId, History.Taken> taken(Key key) {
        Map<NodeId, History.Taken> taken = new LinkedHashMap<>();
        for (NodeId id : cluster.nodeIds()) {
            RecordingStorage storage = (RecordingStorage) cluster.storage(id);
            taken.put(id, new History.Taken(storage, storage.taken(key)));
        }
        return taken;
    }

    /** Disks lost so far: wipes, and members gone for good. */
    private long losses() {
        return cluster.departed().size() + cluster.nodeIds().stream().mapToLong(cluster::incarnation).sum();
    }

    private void next() {
        cluster.scheduler().schedule(5 + random.nextInt(40), this::step);
    }
}
