package io.dynacart.bench;

import com.sun.management.OperatingSystemMXBean;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.cluster.ClusterClient;
import io.dynacart.store.cluster.KvStores;
import io.dynacart.store.cluster.LocalCluster;
import io.dynacart.store.cluster.LocalClusterConfig;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Context;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The first end-to-end benchmark: a 5-node {@link LocalCluster} over TCP (N=3 R=2 W=2), 200-byte
 * values, 50/50 get/put on 100k keys, driven open-loop at fixed rates through {@link ClusterClient}
 * (latency measured from each request's intended start, so a stall is never hidden), and the raw
 * TCP floor of the same transport measured in the same run ({@link TcpFloor}).
 *
 * <pre>
 *   bench/run cluster [--keys N] [--seconds S per step] [--rates 1000,5000,...] [--direct | --transport binary|http]
 * </pre>
 */
public final class ClusterBench {

    private static final int VALUE_BYTES = 200;
    private static final int MAX_IN_FLIGHT = 2_000;

    private ClusterBench() {
    }

    public static void main(String[] args) throws Exception {
        int keys = 100_000;
        int seconds = 8;
        boolean direct = false;
        ClusterClient.Transport transport = ClusterClient.Transport.BINARY;
        List<Integer> rates = new ArrayList<>(List.of(1_000, 5_000, 7_500, 10_000, 12_500, 15_000, 20_000));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--keys" -> keys = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--direct" -> direct = true;
                case "--transport" -> transport = switch (args[++i]) {
                    case "binary" -> ClusterClient.Transport.BINARY;
                    case "http" -> ClusterClient.Transport.HTTP;
                    default -> throw new IllegalArgumentException("--transport is binary or http, was " + args[i]);
                };
                case "--rates" -> {
                    rates.clear();
                    for (String r : args[++i].split(",")) {
                        rates.add(Integer.parseInt(r.trim()));
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        TcpFloor.Result floor = TcpFloor.measure();
        System.out.printf("raw TCP floor (same transport, 16 round trips in flight): %,.0f round trips/s = %,.0f messages/s;"
                + " one round trip alone p50 %d µs p99 %d µs p99.9 %d µs%n", floor.roundTripsPerSecond(),
                2 * floor.roundTripsPerSecond(), floor.p50Micros(), floor.p99Micros(), floor.p999Micros());
        double ceiling = 2 * floor.roundTripsPerSecond() / 4;
        System.out.printf("a quorum operation costs 4 messages between nodes (2 requests to replicas, 2 answers): "
                + "ceiling %,.0f ops/s%n", ceiling);

        Path root = Files.createTempDirectory("dynacart-cluster-bench-");
        try (LocalCluster cluster = LocalCluster.start(LocalClusterConfig.forTests(5, root))) {
            var a = cluster.addresses(NodeId.of("n1")).http();
            try (KvStoreHandle handle = direct ? KvStoreHandle.of(
                    KvStores.roundRobin(cluster.nodeIds().stream().map(cluster::client).toList()), () -> { })
                    : KvStoreHandle.of(ClusterClient.connect(List.of(URI.create("http://" + a.getHostString() + ":"
                    + a.getPort())), Quorum.DEFAULT, Duration.ofSeconds(5), new ClusterClient.Config(transport, "")))) {
                KvStore client = handle.store();
                System.out.println(direct ? "client: in-process, each request coordinated by the next node in turn (no HTTP)"
                        : "client: ClusterClient over " + (transport == ClusterClient.Transport.HTTP ? "the nodes' HTTP API"
                        : "the binary client protocol") + ", routed to the key's preference list");
                ConcurrentHashMap<Key, Context> contexts = new ConcurrentHashMap<>();
                long t0 = System.nanoTime();
                preload(client, keys, contexts);
                System.out.printf("loaded %,d keys in %.1f s%n", keys, (System.nanoTime() - t0) / 1e9);
                int best = 0;
                for (int rate : rates) {
                    Step step = run(client, keys, contexts, rate, seconds);
                    System.out.println(step.line());
                    if (step.latency().getValueAtPercentile(99.9) < 10_000 && step.achieved() >= 0.95 * rate
                            && step.errors() == 0) {
                        best = rate;
                    }
                }
                System.out.printf("highest rate held with p99.9 < 10 ms: %,d ops/s = %.2f of the TCP ceiling%n", best,
                        best / ceiling);
            }
        } finally {
            deleteTree(root);
        }
    }

    /** A store and how to let go of it. */
    record KvStoreHandle(KvStore store, AutoCloseable closer) implements AutoCloseable {
        static KvStoreHandle of(ClusterClient c) {
            return new KvStoreHandle(c, c);
        }

        static KvStoreHandle of(KvStore s, AutoCloseable closer) {
            return new KvStoreHandle(s, closer);
        }

        @Override
        public void close() throws Exception {
            closer.close();
        }
    }

    /** Writes every key once, 256 at a time, remembering each key's context for later puts. */
    private static void preload(KvStore store, int keys, ConcurrentHashMap<Key, Context> contexts) throws Exception {
        Semaphore window = new Semaphore(256);
        byte[] value = new byte[VALUE_BYTES];
        for (int i = 0; i < keys; i++) {
            window.acquire();
            Key key = key(i);
            store.put(key, Context.EMPTY, value).whenComplete((c, e) -> {
                if (c != null) {
                    contexts.put(key, c);
                }
                window.release();
            });
        }
        window.acquire(256);
    }

    /**
     * One rate's result; {@code cpuMicrosPerOp} is this JVM's CPU time (all five nodes and the
     * client: user + system, every thread) over the step, divided by the operations done.
     */
    record Step(int rate, double achieved, long errors, long shed, Histogram latency, double cpuMicrosPerOp) {
        String line() {
            return String.format("rate %,6d ops/s: achieved %,8.0f ops/s, errors %d, shed %d,  p50 %s  p99 %s  p99.9 %s  max %s,"
                    + "  CPU %,.0f µs/op", rate, achieved, errors, shed, ms(latency.getValueAtPercentile(50)),
                    ms(latency.getValueAtPercentile(99)), ms(latency.getValueAtPercentile(99.9)), ms(latency.getMaxValue()),
                    cpuMicrosPerOp);
        }
    }

    /** CPU time of this process so far (every thread, user + system), in nanoseconds. */
    private static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * Issues operations at {@code rate} for {@code seconds}, each at its intended time; a request that
     * would exceed {@value #MAX_IN_FLIGHT} in flight is shed and counted, never delayed.
     */
    private static Step run(KvStore store, int keys, ConcurrentHashMap<Key, Context> contexts, int rate, int seconds) {
        Recorder recorder = new Recorder(3);
        AtomicLong errors = new AtomicLong();
        AtomicLong done = new AtomicLong();
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        long shed = 0;
        long total = (long) rate * seconds;
        long interval = 1_000_000_000L / rate;
        byte[] value = new byte[VALUE_BYTES];
        long cpuBefore = processCpuNanos();
        long start = System.nanoTime() + 10_000_000;
        for (long i = 0; i < total; i++) {
            long intended = start + i * interval;
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (!inFlight.tryAcquire()) {
                shed++;
                continue;
            }
            Key key = key(ThreadLocalRandom.current().nextInt(keys));
            CompletableFuture<?> op = ThreadLocalRandom.current().nextBoolean()
                    ? store.get(key).thenAccept(r -> contexts.put(key, r.context()))
                    : store.put(key, contexts.getOrDefault(key, Context.EMPTY), value).thenAccept(c -> contexts.put(key, c));
            op.whenComplete((r, e) -> {
                recorder.recordValue(Math.max(0, (System.nanoTime() - intended) / 1_000));
                if (e != null) {
                    errors.incrementAndGet();
                }
                done.incrementAndGet();
                inFlight.release();
            });
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (inFlight.availablePermits() < MAX_IN_FLIGHT && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cpuPerOp = (processCpuNanos() - cpuBefore) / 1e3 / Math.max(1, done.get());
        return new Step(rate, done.get() / elapsed, errors.get(), shed, recorder.getIntervalHistogram(), cpuPerOp);
    }

    private static Key key(int i) {
        return Key.of("key-" + i);
    }

    private static String ms(long micros) {
        return String.format("%.2f ms", micros / 1000.0);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted((x, y) -> y.getNameCount() - x.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
