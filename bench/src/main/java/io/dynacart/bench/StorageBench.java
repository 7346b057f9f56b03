package io.dynacart.bench;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.storage.Durability;
import io.dynacart.store.storage.SqliteStorage;
import io.dynacart.store.storage.StorageConfig;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.DottedVersionVector;
import io.dynacart.store.versioning.VectorClock;
import io.dynacart.store.versioning.Versioned;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * The storage benchmark of docs/BENCHMARKS.md: acknowledged puts of 200-byte values (throughput and
 * latency) in process and fsync modes, point reads, and raw SQLite batched inserts of the same rows
 * measured in the same run as the floor to compare with.
 *
 * <pre>
 *   java ${CHRONICLE_FLAGS} -cp bench/target/benchmarks.jar io.dynacart.bench.StorageBench [keys...]
 *        [--threads N] [--fsync-threads N] [--mode process|fsync]
 * </pre>
 */
public final class StorageBench {

    private static final int VALUE_BYTES = 200;
    private static final NodeId NODE = NodeId.of("n1");

    private StorageBench() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> keyCounts = new ArrayList<>();
        int threads = 2;
        int fsyncThreads = 64;
        List<Durability> modes = List.of(Durability.values());
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--threads")) {
                threads = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--fsync-threads")) {
                fsyncThreads = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--mode")) {
                modes = List.of(Durability.valueOf(args[++i].toUpperCase()));
            } else {
                keyCounts.add(Integer.parseInt(args[i].replace("_", "")));
            }
        }
        if (keyCounts.isEmpty()) {
            keyCounts = List.of(100_000, 1_000_000);
        }
        System.out.printf("storage benchmark: %d-byte values, %d writer threads (%d in fsync mode, where concurrent"
                        + " writers share each disk flush), %d cores, Java %s%n", VALUE_BYTES, threads, fsyncThreads,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));
        warmUp(threads);
        for (int keys : keyCounts) {
            double raw = rawSqliteInserts(keys, false);
            double rawHashed = rawSqliteInserts(keys, true);
            System.out.printf("%n== %,d keys ==%nraw SQLite, batches of 100 rows (WAL, NORMAL): %,.0f rows/s in key order,"
                    + " %,.0f rows/s in hash order (a hashed index: the floor for any hashed store)%n", keys, raw, rawHashed);
            for (Durability mode : modes) {
                run(keys, mode == Durability.FSYNC ? fsyncThreads : threads, mode, raw);
            }
        }
    }

    private static void run(int keys, int threads, Durability mode, double raw) throws Exception {
        Path dir = Files.createTempDirectory("dynacart-bench-");
        try {
            try (SqliteStorage storage = SqliteStorage.open(StorageConfig.defaults(dir.resolve("n1")).withDurability(mode))) {
                Result puts = puts(storage, keys, threads);
                long t0 = System.nanoTime();
                storage.flush();
                double drain = (System.nanoTime() - t0) / 1e9;
                System.out.printf("%-7s puts:  %,9.0f acknowledged/s (%.2fx raw SQLite)  p50 %s  p99 %s  p99.9 %s  max %s;"
                                + " SQLite caught up %.2f s after the last ack%n",
                        mode.name().toLowerCase(), puts.perSecond(), puts.perSecond() / raw, us(puts.latency, 50),
                        us(puts.latency, 99), us(puts.latency, 99.9), us(puts.latency, 100), drain);
                if (mode == Durability.PROCESS) {
                    Result reads = reads(storage, keys, Math.min(threads, 2), Math.max(keys, 500_000));
                    System.out.printf("        reads: %,9.0f point reads/s  p50 %s  p99 %s  p99.9 %s%n", reads.perSecond(),
                            us(reads.latency, 50), us(reads.latency, 99), us(reads.latency, 99.9));
                }
            }
        } finally {
            deleteTree(dir);
        }
    }

    /** JIT-compiles the put and read paths on a throwaway directory, so the first measurement is not of the interpreter. */
    private static void warmUp(int threads) throws Exception {
        Path dir = Files.createTempDirectory("dynacart-warmup-");
        try (SqliteStorage storage = SqliteStorage.open(StorageConfig.defaults(dir.resolve("n1")))) {
            puts(storage, 200_000, threads);
            reads(storage, 200_000, threads, 200_000);
            storage.flush();
        } finally {
            deleteTree(dir);
        }
        rawSqliteInserts(100_000, false);
    }

    record Result(long ops, double seconds, Histogram latency) {
        double perSecond() {
            return ops / seconds;
        }
    }

    private static Result puts(SqliteStorage storage, int keys, int threads) throws InterruptedException {
        AtomicLong next = new AtomicLong();
        List<Histogram> histograms = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Histogram h = new Histogram(3);
            histograms.add(h);
            workers.add(new Thread(() -> {
                byte[] value = new byte[VALUE_BYTES];
                ThreadLocalRandom.current().nextBytes(value);
                for (long i = next.getAndIncrement(); i < keys; i = next.getAndIncrement()) {
                    Key key = Key.of("key-" + i);
                    long t0 = System.nanoTime();
                    DottedVersionVector v = DottedVersionVector.forWrite(NODE, System.currentTimeMillis(), Context.EMPTY,
                            List.of(), VectorClock.DEFAULT_MAX_ENTRIES);
                    storage.put(key, new Versioned<>(v, Value.of(value)));
                    h.recordValue((System.nanoTime() - t0) / 1000);
                }
            }));
        }
        workers.forEach(Thread::start);
        for (Thread w : workers) {
            w.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Histogram all = new Histogram(3);
        histograms.forEach(all::add);
        return new Result(keys, seconds, all);
    }

    private static Result reads(SqliteStorage storage, int keys, int threads, int reads) throws InterruptedException {
        AtomicLong done = new AtomicLong();
        List<Histogram> histograms = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Histogram h = new Histogram(3);
            histograms.add(h);
            workers.add(new Thread(() -> {
                Random random = new Random();
                while (done.getAndIncrement() < reads) {
                    Key key = Key.of("key-" + random.nextInt(keys));
                    long t0 = System.nanoTime();
                    if (storage.get(key).isEmpty()) {
                        throw new IllegalStateException("lost " + key);
                    }
                    h.recordValue((System.nanoTime() - t0) / 1000);
                }
            }));
        }
        workers.forEach(Thread::start);
        for (Thread w : workers) {
            w.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Histogram all = new Histogram(3);
        histograms.forEach(all::add);
        return new Result(reads, seconds, all);
    }

    /**
     * The floor: the same rows inserted straight into SQLite, 100 to a transaction, no log, no
     * versions. In key order the index grows at its end; in hash order (as any store that finds keys
     * by hash must) each insert lands somewhere random in it.
     */
    private static double rawSqliteInserts(int rows, boolean hashOrder) throws Exception {
        Path dir = Files.createTempDirectory("dynacart-raw-");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("raw.db"))) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=NORMAL");
                st.execute("CREATE TABLE kv (id INTEGER PRIMARY KEY, key BLOB NOT NULL UNIQUE, value BLOB NOT NULL)");
            }
            c.setAutoCommit(false);
            byte[] value = new byte[VALUE_BYTES];
            byte[][] keys = new byte[rows][];
            for (int i = 0; i < rows; i++) {
                keys[i] = hashOrder ? toBytes(KeyHash.of("key-" + i).high()) : ("key-" + i).getBytes(StandardCharsets.UTF_8);
            }
            long start = System.nanoTime();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO kv(key, value) VALUES (?, ?)")) {
                for (int i = 0; i < rows; i++) {
                    ps.setBytes(1, keys[i]);
                    ps.setBytes(2, value);
                    ps.executeUpdate();
                    if (i % 100 == 99) {
                        c.commit();
                    }
                }
                c.commit();
            }
            return rows / ((System.nanoTime() - start) / 1e9);
        } finally {
            deleteTree(dir);
        }
    }

    private static byte[] toBytes(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (56 - 8 * i));
        }
        return b;
    }

    private static String us(Histogram h, double percentile) {
        long v = percentile >= 100 ? h.getMaxValue() : h.getValueAtPercentile(percentile);
        return v >= 1000 ? String.format("%.1f ms", v / 1000.0) : v + " µs";
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
