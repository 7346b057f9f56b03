package io.dynacart.store.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.Partitioner;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.Reconciliation;
import io.dynacart.store.versioning.Versioned;
import io.dynacart.testing.Seed;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readers on several threads while writers run: no error reaches a caller, nothing acknowledged is lost. */
class ConcurrentAccessIT {

    private static final int KEYS = 200;
    private static final int WRITERS = 4;
    private static final int WRITES_EACH = 3000;

    @TempDir
    Path dir;

    /** With room for every recent sibling set in memory (8 MiB), and with room for a few only (evictions race writes). */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(longs = {8L << 20, 2048})
    void readersAndWritersRunTogetherWithoutErrorsOrLostWrites(long recentBudgetBytes) throws Exception {
        long seed = Seed.of("access", ConcurrentAccessIT.class).value();
        StorageConfig config = StorageConfig.defaults(dir.resolve("n1")).withPartitioner(new Partitioner(16));
        List<Acked> acknowledged = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong reads = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS * 2);
        try (SqliteStorage s = SqliteStorage.open(config, LogApplier.QUEUE_CAPACITY, recentBudgetBytes)) {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                Random random = new Random(seed + w);
                NodeId node = NodeId.of("w" + w);
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < WRITES_EACH; i++) {
                        Key k = Key.of("k" + random.nextInt(KEYS));
                        Context context = random.nextInt(4) == 0 ? Context.EMPTY : Context.of(s.get(k));
                        Versioned<Value> v = StorageContract.version(s, k, node, context, StorageContract.text(node + "-" + i));
                        s.put(k, v);
                        acknowledged.add(new Acked(k, v));
                    }
                    return null;
                }));
            }
            List<Future<?>> readers = new ArrayList<>();
            for (int r = 0; r < WRITERS; r++) {
                Random random = new Random(seed - r);
                readers.add(pool.submit(() -> {
                    while (writing.get()) {
                        List<Versioned<Value>> siblings = s.get(Key.of("k" + random.nextInt(KEYS)));
                        assertThat(Reconciliation.isAntichain(siblings)).isTrue();
                        reads.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : writers) {
                f.get(120, TimeUnit.SECONDS);
            }
            writing.set(false);
            for (Future<?> f : readers) {
                f.get(10, TimeUnit.SECONDS);
            }
            assertNothingAcknowledgedIsLost(s, acknowledged);
        } finally {
            pool.shutdownNow();
        }
        assertThat(reads.get()).as("readers ran alongside the writers").isPositive();
        try (SqliteStorage reopened = SqliteStorage.open(config)) {
            assertNothingAcknowledgedIsLost(reopened, acknowledged);
        }
    }

    /** Each acknowledged version is stored, or covered by a stored one: superseded by a write that saw it. */
    private static void assertNothingAcknowledgedIsLost(Storage s, List<Acked> acknowledged) {
        List<Acked> all;
        synchronized (acknowledged) {
            all = new ArrayList<>(acknowledged);
        }
        assertThat(all).hasSize(WRITERS * WRITES_EACH);
        for (Acked a : all) {
            List<Versioned<Value>> stored = s.get(a.key());
            assertThat(Reconciliation.isAntichain(stored)).isTrue();
            assertThat(stored).as("acknowledged version %s of %s is lost", a.version(), a.key())
                    .anyMatch(v -> v.version().covers(a.version().dot()));
        }
    }

    record Acked(Key key, Versioned<Value> version) {
    }
}
