package io.dynacart.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.cluster.BackupDirectory;
import io.dynacart.store.cluster.ClusterSecrets;
import io.dynacart.store.cluster.LocalCluster;
import io.dynacart.store.cluster.LocalClusterConfig;
import io.dynacart.store.coordinator.CoordinatorConfig;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.storage.BackupManifest;
import io.dynacart.store.storage.Durability;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.VectorClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The backup benchmark of docs/BENCHMARKS.md: a one-node cluster (N=1) loaded with about
 * {@code --mb} MiB of values, then backed up the way {@code dynacart admin backup} does it
 * ({@code POST /admin/backup}, the snapshot streamed over HTTP into a backup directory and checked)
 * while a writer keeps writing at a fixed rate, then restored ({@link LocalCluster#restore(Path, NodeId)}: checked,
 * copied in, the node started). Prints sizes, times, seconds per GiB, and the writer's latency
 * before and during the backup.
 *
 * <pre>
 *   ops/dynacart bench backup [--mb 1024] [--value-bytes 1000] [--write-rate 1000] [--dir DIR]
 * </pre>
 */
public final class BackupBench {

    private static final NodeId N1 = NodeId.of("n1");
    private static final double GIB = 1024.0 * 1024 * 1024;

    private BackupBench() {
    }

    public static void main(String[] args) throws Exception {
        long mb = 1024;
        int valueBytes = 1000;
        int writeRate = 1000;
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--mb" -> mb = Long.parseLong(args[++i]);
                case "--value-bytes" -> valueBytes = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "--write-rate" -> writeRate = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; use [--mb MiB] [--value-bytes N] [--write-rate PUTS_PER_S] [--dir DIR]");
            }
        }
        Path root = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("backup-bench");
        long keys = mb * 1024 * 1024 / valueBytes;
        System.out.printf("backup benchmark: one node, %,d keys of %d bytes (about %,d MiB), %d cores, Java %s, in %s%n",
                keys, valueBytes, mb, Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"),
                root);
        Quorum one = new Quorum(1, 1, 1);
        LocalClusterConfig config = new LocalClusterConfig(1, root.resolve("cluster"), "127.0.0.1", 0, 0,
                ClusterSecrets.randomBytes(), new CoordinatorConfig(one, 5000, VectorClock.DEFAULT_MAX_ENTRIES),
                Durability.PROCESS, 256);
        try (LocalCluster cluster = LocalCluster.start(config)) {
            load(cluster.client(N1), keys, valueBytes);
            Path data = cluster.dataDir(N1);
            System.out.printf("data directory: %s (store.db and its WAL %s, append log %s)%n", mib(size(data)),
                    mib(size(data.resolve("store.db")) + size(data.resolve("store.db-wal"))), mib(size(data.resolve("log"))));

            Path backupDir = root.resolve("backup");
            Writer writer = new Writer(cluster.client(N1), valueBytes, writeRate);
            writer.start();
            Thread.sleep(5000);
            writer.phase();
            Thread.sleep(5000);
            Histogram before = writer.phase();
            long started = System.nanoTime();
            BackupManifest manifest = backupOverHttp(cluster, backupDir);
            double backupSeconds = (System.nanoTime() - started) / 1e9;
            Histogram during = writer.phase();
            writer.stop();
            System.out.printf("backup: %s snapshot of %,d keys in %.1f s (%.1f s per GiB of snapshot, %.0f MiB/s)%n",
                    mib(manifest.bytes()), manifest.keys(), backupSeconds, backupSeconds / (manifest.bytes() / GIB),
                    manifest.bytes() / 1048576.0 / backupSeconds);
            System.out.printf("a writer at %,d puts/s: before the backup %s; during it %s; %d refused%n", writeRate,
                    summary(before, 5), summary(during, backupSeconds), writer.failed.get());

            long verifyStart = System.nanoTime();
            BackupDirectory.verify(backupDir);
            double verifySeconds = (System.nanoTime() - verifyStart) / 1e9;
            long restoreStart = System.nanoTime();
            cluster.restore(backupDir, N1);
            double restoreSeconds = (System.nanoTime() - restoreStart) / 1e9;
            System.out.printf("restore: %.1f s in all (%.1f s per GiB): checking the backup's SHA-256s alone takes %.1f s;"
                    + " the rest copies the snapshot in (checked again) and starts the node%n", restoreSeconds,
                    restoreSeconds / (manifest.bytes() / GIB), verifySeconds);
            KvStore store = cluster.client(N1);
            for (long i = 0; i < keys; i += Math.max(1, keys / 1000)) {
                if (!store.get(Key.of("k" + i), one).get(10, TimeUnit.SECONDS).found()) {
                    throw new IllegalStateException("k" + i + " is missing after the restore");
                }
            }
            System.out.println("restored node answers: 1,000 sampled keys read back");
        }
    }

    private static void load(KvStore store, long keys, int valueBytes) throws Exception {
        Random random = new Random(18);
        Semaphore inFlight = new Semaphore(256);
        AtomicLong failed = new AtomicLong();
        long started = System.nanoTime();
        for (long i = 0; i < keys; i++) {
            byte[] value = new byte[valueBytes];
            random.nextBytes(value);
            inFlight.acquire();
            store.put(Key.of("k" + i), Context.EMPTY, value).whenComplete((c, e) -> {
                if (e != null) {
                    failed.incrementAndGet();
                }
                inFlight.release();
            });
        }
        inFlight.acquire(256);
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " puts failed while loading");
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("loaded %,d keys in %.1f s (%,.0f puts/s)%n", keys, seconds, keys / seconds);
    }

    /** As {@code dynacart admin backup} does it: the snapshot streamed over HTTP into a backup directory, checked. */
    private static BackupManifest backupOverHttp(LocalCluster cluster, Path backupDir) throws Exception {
        InetSocketAddress http = cluster.addresses(N1).http();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.getPort() + "/admin/backup"))
                .POST(HttpRequest.BodyPublishers.noBody()).header("X-Admin-Token", cluster.adminToken())
                .timeout(Duration.ofHours(1)).build();
        BackupDirectory out = BackupDirectory.create(backupDir);
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        HttpResponse<InputStream> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("backup answered " + r.statusCode() + ": " + new String(r.body().readAllBytes()));
        }
        double snapshot = (System.nanoTime() - t0) / 1e9;
        BackupManifest manifest = new ObjectMapper()
                .readValue(r.headers().firstValue("X-Backup-Manifest").orElseThrow(), BackupManifest.class);
        try (InputStream body = r.body()) {
            out.add(manifest, body, received -> { });
        }
        out.finish(started);
        System.out.printf("  the node's snapshot (wait for SQLite to catch up, VACUUM INTO): %.1f s; sending and checking"
                + " it: %.1f s%n", snapshot, (System.nanoTime() - t0) / 1e9 - snapshot);
        return manifest;
    }

    /**
     * A writer of fresh keys at a fixed rate (open loop: a put's latency counts from when it was due),
     * recording each latency into the histogram of the current phase.
     */
    private static final class Writer {
        private final KvStore store;
        private final int valueBytes;
        private final int rate;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong failed = new AtomicLong();
        private final Recorder latencies = new Recorder(3);
        private final Thread thread;

        Writer(KvStore store, int valueBytes, int rate) {
            this.store = store;
            this.valueBytes = valueBytes;
            this.rate = rate;
            this.thread = new Thread(this::run, "bench-writer");
        }

        void start() {
            thread.start();
        }

        private void run() {
            byte[] value = new byte[valueBytes];
            long interval = TimeUnit.SECONDS.toNanos(1) / rate;
            long next = System.nanoTime();
            for (long i = 0; running.get(); i++) {
                long due = next;
                while (System.nanoTime() < due) {
                    LockSupport.parkNanos(due - System.nanoTime());
                }
                store.put(Key.of("w" + i), Context.EMPTY, value).whenComplete((c, e) -> {
                    if (e == null) {
                        latencies.recordValue(Math.max(1, (System.nanoTime() - due) / 1000));
                    } else {
                        failed.incrementAndGet();
                    }
                });
                next += interval;
            }
        }

        /** The latencies (µs) since the last call. */
        Histogram phase() {
            return latencies.getIntervalHistogram();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(30_000);
        }
    }

    private static String summary(Histogram h, double seconds) {
        return String.format("%,.0f puts/s, p50 %.1f ms, p99 %.1f ms, max %.1f ms", h.getTotalCount() / seconds,
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0);
    }

    private static long size(Path p) {
        if (!Files.exists(p)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(p)) {
            return s.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String mib(long bytes) {
        return String.format("%,.0f MiB", bytes / 1048576.0);
    }
}
