package io.dynacart.store.sim;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Context;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

/**
 * Simulated clients: each, until the end time, picks a key from a small key space (so writes
 * collide) and a live node to talk to, and does one of: read then write what it read (most often),
 * blind write, read then delete, or just read. Every outcome goes to the {@link History}.
 */
final class Workload {

    private final SimCluster cluster;
    private final RandomGenerator random;
    private final History history;
    private final List<Key> keys;
    private final long endMillis;

    Workload(SimCluster cluster, RandomGenerator random, History history, int keyCount, long endMillis) {
        this.cluster = cluster;
        this.random = random;
        this.history = history;
        this.keys = IntStream.range(0, keyCount).mapToObj(i -> Key.of("k" + i)).toList();
        this.endMillis = endMillis;
    }

    List<Key> keys() {
        return keys;
    }

    void startClients(int clients) {
        for (int c = 0; c < clients; c++) {
            cluster.scheduler().schedule(random.nextInt(20), this::step);
        }
    }

    private void step() {
        if (cluster.scheduler().now() >= endMillis) {
            return;
        }
        List<NodeId> live = cluster.nodeIds().stream().filter(cluster::isRunning).toList();
        if (live.isEmpty()) {
            next();
            return;
        }
        NodeId via = live.get(random.nextInt(live.size()));
        KvStore store = cluster.client(via);
        Key key = keys.get(random.nextInt(keys.size()));
        int op = random.nextInt(100);
        if (op < 15) {
            write(via, store, key, false, Context.EMPTY, null);
        } else {
            long started = cluster.scheduler().now();
            History.ReadAttempt attempt = new History.ReadAttempt(key, via, started, cluster.reachableRingNodes(via),
                    cluster.linksClean(), cluster.disturbances());
            history.readAttempts.add(attempt);
            store.get(key).whenComplete((result, error) -> {
                attempt.answeredAt = cluster.scheduler().now();
                attempt.disturbancesAtEnd = cluster.disturbances();
                if (error != null) {
                    attempt.failure = String.valueOf(error instanceof CompletionException c ? c.getCause() : error);
                    next();
                    return;
                }
                attempt.versions = result.siblings();
                history.read(key, started, result.siblings());
                if (op < 75) {
                    write(via, store, key, false, result.context(), result);
                } else if (op < 85) {
                    write(via, store, key, true, result.context(), result);
                } else {
                    next();
                }
            });
        }
    }

    private void write(NodeId via, KvStore store, Key key, boolean delete, Context context, GetResult read) {
        History.Write w = history.begin(key, delete, context, read == null ? null : read.siblings());
        w.via = via;
        w.startedAt = cluster.scheduler().now();
        w.reachable = cluster.reachableRingNodes(via);
        w.linksClean = cluster.linksClean();
        w.disturbancesAtStart = cluster.disturbances();
        var answer = delete ? store.delete(key, context)
                : store.put(key, context, w.value().getBytes(StandardCharsets.UTF_8));
        answer.whenComplete((ctx, error) -> {
            w.answeredAt = cluster.scheduler().now();
            w.disturbancesAtEnd = cluster.disturbances();
            if (error != null) {
                w.failure = String.valueOf(error instanceof CompletionException c ? c.getCause() : error);
            }
            if (error == null) {
                history.acknowledged(w, cluster.scheduler().now());
            }
            next();
        });
    }

    private void next() {
        cluster.scheduler().schedule(5 + random.nextInt(40), this::step);
    }
}
