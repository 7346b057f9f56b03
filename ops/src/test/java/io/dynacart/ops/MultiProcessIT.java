package io.dynacart.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.cluster.ClusterClient;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.Claim;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.Ring;
import io.dynacart.store.storage.SqliteStorage;
import io.dynacart.store.storage.StorageConfig;
import io.dynacart.store.versioning.Context;
import io.dynacart.testing.Seed;
import io.dynacart.testing.Slow;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Five node processes (this jar's {@code node} command, started the way {@code dynacart cluster
 * start} does), a writer putting distinct keys with W=2 through a {@link ClusterClient}, and a chaos
 * loop that SIGKILLs a random node every few seconds and restarts it. Afterwards every acknowledged
 * write reads back with R=2 (once the hints written while nodes were down are handed back), and,
 * once the nodes are stopped, is on every one of its N=3 replicas' disks. The random choices come from a seed printed at the start; replay with
 * {@code -Dchaos.seed=S} (and {@code -Dchaos.seconds=T}, default 25).
 */
@Slow
class MultiProcessIT {

    private static final int NODES = 5;
    private static final Quorum QUORUM = new Quorum(3, 2, 2);

    @TempDir
    Path dir;

    private ClusterLayout layout;
    private NodeProcesses processes;
    private final Map<String, Process> running = new ConcurrentHashMap<>();

    @AfterEach
    void stopAll() {
        if (processes != null) {
            for (String id : layout.nodes()) {
                processes.stop(id, Duration.ofSeconds(5));
            }
        }
        running.values().forEach(Process::destroyForcibly);
    }

    @Test
    void everyAcknowledgedWriteSurvivesRandomKillsAndReachesEveryReplica() throws Exception {
        long seed = Seed.of("chaos", MultiProcessIT.class).value();
        long seconds = Long.getLong("chaos.seconds", 25);
        Random random = new Random(seed);
        int base = FreePorts.base(NODES);
        layout = new ClusterLayout(dir, "127.0.0.1", base, base + 100, base + 200);
        layout.prepare(NODES);
        processes = new NodeProcesses(layout);
        List<String> ids = layout.nodes();
        ids.forEach(id -> running.put(id, processes.start(id)));
        ids.forEach(id -> processes.awaitHealthy(id, Duration.ofSeconds(60)));

        List<URI> seeds = ids.stream().map(id -> URI.create("http://" + layout.httpOf(id))).toList();
        Map<String, Boolean> acked = new ConcurrentHashMap<>();
        AtomicLong failed = new AtomicLong();
        AtomicBoolean writing = new AtomicBoolean(true);
        List<String> chaosLog = new ArrayList<>();
        try (ClusterClient client = ClusterClient.connect(seeds, QUORUM, Duration.ofSeconds(5))) {
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                Thread t = new Thread(() -> {
                    for (long i = 0; writing.get(); i++) {
                        String key = "mp:" + writer + ":" + i;
                        try {
                            client.put(Key.of(key), Context.EMPTY, key.getBytes(StandardCharsets.UTF_8), QUORUM)
                                    .get(10, TimeUnit.SECONDS);
                            acked.put(key, true);
                        } catch (Exception e) {
                            failed.incrementAndGet(); // not acknowledged: it may or may not be stored
                        }
                    }
                }, "writer-" + w);
                t.start();
                writers.add(t);
            }

            // Every 1-3 s a node that is up is killed; it restarts after 0.3-1.5 s, in the background, so
            // that at times two nodes are down (one dead, one starting): W=2 then needs a fallback's hint.
            Map<String, java.util.concurrent.CompletableFuture<Void>> restarting = new HashMap<>();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < end) {
                Thread.sleep(1000 + random.nextInt(2000));
                restarting.values().removeIf(java.util.concurrent.CompletableFuture::isDone);
                List<String> up = ids.stream().filter(id -> !restarting.containsKey(id)).toList();
                if (restarting.size() >= 2 || up.isEmpty()) {
                    continue;
                }
                String victim = up.get(random.nextInt(up.size()));
                long pause = 300 + random.nextInt(1200);
                Process p = running.remove(victim);
                p.destroyForcibly(); // SIGKILL
                p.waitFor(10, TimeUnit.SECONDS);
                chaosLog.add(victim + "@" + acked.size());
                restarting.put(victim, java.util.concurrent.CompletableFuture.runAsync(() -> {
                    NodeProcesses.sleep(pause);
                    running.put(victim, processes.start(victim));
                    processes.awaitHealthy(victim, Duration.ofSeconds(60));
                }));
            }
            for (var r : restarting.values()) {
                r.get(60, TimeUnit.SECONDS);
            }
            writing.set(false);
            for (Thread t : writers) {
                t.join(20_000);
            }
            System.out.println("MultiProcessIT: " + acked.size() + " writes acknowledged, " + failed.get()
                    + " not; killed (node@acks so far): " + chaosLog);
            assertThat(acked.size()).as("the writer made progress").isGreaterThan(100);

            // Every acknowledged write reads back with R=2 (a read also repairs stale replicas) once the
            // hints are home. Before that, a write acknowledged while two of its primaries were down (by
            // the third and by fallbacks holding hints) is missed by a read whose first two answers come
            // from those two: the sloppy quorum's trade-off (the paper's section 4.6), counted here.
            long readStart = System.nanoTime();
            List<String> unseen = readBack(client, acked.keySet());
            System.out.println("MultiProcessIT: read back " + acked.size() + " keys in "
                    + (System.nanoTime() - readStart) / 1_000_000 + " ms; " + unseen.size()
                    + " not visible yet (acknowledged with hints)");
            if (!unseen.isEmpty()) {
                awaitNoHints(ids, Duration.ofSeconds(15));
            }
            List<String> lost = readBack(client, unseen);
            assertThat(lost).as("acknowledged writes lost (seed " + seed + ")").isEmpty();
        }

        // Convergence: every replica holds every key, checked on disk with the nodes stopped.
        Ring ring = Claim.initial(weights(ids), 256, 3);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        Map<String, List<String>> missing;
        long convergeStart = System.nanoTime();
        while (true) {
            Thread.sleep(500);
            awaitNoHints(ids, Duration.ofSeconds(15));
            for (String id : ids) {
                processes.stop(id, Duration.ofSeconds(10));
                running.remove(id);
            }
            missing = missingReplicas(ring, acked.keySet());
            if (missing.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            System.out.println("MultiProcessIT: " + missing.size() + " keys not yet on every replica; repairing");
            ids.forEach(id -> running.put(id, processes.start(id)));
            ids.forEach(id -> processes.awaitHealthy(id, Duration.ofSeconds(60)));
            repair(ring, missing.keySet());
        }
        System.out.println("MultiProcessIT: replicas checked on disk in " + (System.nanoTime() - convergeStart) / 1_000_000
                + " ms");
        assertThat(missing).as("keys missing from replicas after the deadline (seed " + seed + ")").isEmpty();
    }

    /** The keys that do not read back with R=2 as their own value. */
    private static List<String> readBack(ClusterClient client, java.util.Collection<String> keys) throws Exception {
        List<String> missed = new ArrayList<>();
        List<String> all = new ArrayList<>(keys);
        for (int from = 0; from < all.size(); from += 64) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + 64));
            List<java.util.concurrent.CompletableFuture<GetResult>> reads = batch.stream()
                    .map(k -> client.get(Key.of(k), QUORUM)).toList();
            for (int i = 0; i < batch.size(); i++) {
                GetResult r = reads.get(i).get(10, TimeUnit.SECONDS);
                if (!r.found() || !new String(r.values().get(0), StandardCharsets.UTF_8).equals(batch.get(i))) {
                    missed.add(batch.get(i));
                }
            }
        }
        return missed;
    }

    private static Map<NodeId, Integer> weights(List<String> ids) {
        Map<NodeId, Integer> w = new TreeMap<>();
        ids.forEach(id -> w.put(NodeId.of(id), 1));
        return w;
    }

    /** Per key, the primaries whose storage lacks it. */
    private Map<String, List<String>> missingReplicas(Ring ring, Set<String> keys) {
        Map<String, List<String>> missing = new HashMap<>();
        for (String id : layout.nodes()) {
            try (SqliteStorage storage = SqliteStorage.open(StorageConfig.defaults(layout.nodeDir(id).resolve("data"))
                    .withPartitioner(ring.partitioner()))) {
                for (String key : keys) {
                    Key k = Key.of(key);
                    if (ring.preferenceList(KeyHash.of(k), 3).primaries().contains(NodeId.of(id))
                            && storage.get(k).isEmpty()) {
                        missing.computeIfAbsent(key, x -> new ArrayList<>()).add(id);
                    }
                }
            }
        }
        return missing;
    }

    private void awaitNoHints(List<String> ids, Duration deadline) throws Exception {
        long end = System.nanoTime() + deadline.toNanos();
        var http = java.net.http.HttpClient.newHttpClient();
        for (String id : ids) {
            while (System.nanoTime() < end) {
                String body = http.send(java.net.http.HttpRequest.newBuilder(URI.create("http://" + layout.httpOf(id)
                        + "/cluster")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                if (NodeApi.MAPPER.readTree(body).path("hintsPending").isEmpty()) {
                    break;
                }
                Thread.sleep(200);
            }
        }
    }

    private void repair(Ring ring, Set<String> keys) {
        String token = Secrets.read(layout.adminToken(), Secrets.TOKEN_ENV, Map.of(), "admin token", "--token-file");
        for (String key : keys) {
            var list = ring.preferenceList(KeyHash.of(Key.of(key)), 3);
            NodeApi api = new NodeApi(URI.create("http://" + layout.httpOf(list.primaries().get(0).value())), token);
            api.admin("/admin/repair?partition=" + list.partition().index());
        }
    }
}
