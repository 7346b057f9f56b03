package io.dynacart.store.storage;

import static io.dynacart.store.storage.StorageContract.text;
import static io.dynacart.store.storage.StorageContract.values;
import static io.dynacart.store.storage.StorageContract.version;
import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.Partitioner;
import io.dynacart.store.versioning.Context;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers faster than SQLite fill the applier's queue and wait; they must never wedge the storage.
 * Pinned bug: a writer waiting for queue room held the log lock that log retention (run by the
 * applier) waited for, and the storage deadlocked under sustained load.
 */
class BackPressureIT {

    @TempDir
    Path dir;

    @Test
    void writersBlockedOnAFullQueueDoNotDeadlockLogRetention() throws Exception {
        StorageConfig config = StorageConfig.defaults(dir.resolve("n1")).withPartitioner(new Partitioner(16))
                .withLogRetention(Duration.ZERO, StorageConfig.LogRoll.SECONDLY);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (SqliteStorage s = SqliteStorage.open(config, 16, RecentSiblingSets.DEFAULT_BUDGET_BYTES)) {
            long until = System.nanoTime() + Duration.ofMillis(3500).toNanos();
            List<Future<Integer>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                NodeId node = NodeId.of("w" + w);
                writers.add(pool.submit(() -> {
                    int i = 0;
                    while (System.nanoTime() < until) {
                        Key k = Key.of(node + "-" + i++);
                        s.put(k, version(s, k, node, Context.EMPTY, text("v")));
                    }
                    return i;
                }));
            }
            int total = 0;
            try {
                for (Future<Integer> f : writers) {
                    total += f.get(30, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow(); // a wedged writer is interrupted, so the storage can close
            }
            s.flush();
            assertThat(s.log().filesCreated()).as("the test spanned several log files, so retention ran").isGreaterThan(2);
            assertThat(values(s.get(Key.of("w0-0")))).containsExactly(text("v"));
            assertThat(total).isPositive();
        } finally {
            pool.shutdownNow();
        }
    }
}
