package io.dynacart.store.storage;

import static io.dynacart.store.storage.StorageContract.X;
import static io.dynacart.store.storage.StorageContract.text;
import static io.dynacart.store.storage.StorageContract.values;
import static io.dynacart.store.storage.StorageContract.version;
import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.identity.Key;
import io.dynacart.store.ring.Partitioner;
import io.dynacart.store.versioning.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log does not grow without bound: files whose records all reached SQLite go after the retention window. */
class LogRetentionIT {

    @TempDir
    Path dir;

    private StorageConfig config(Duration retention) {
        return StorageConfig.defaults(dir.resolve("n1")).withPartitioner(new Partitioner(16))
                .withLogRetention(retention, StorageConfig.LogRoll.SECONDLY);
    }

    private static void put(Storage s, int i) {
        Key k = Key.of("k" + i);
        s.put(k, version(s, k, X, Context.of(s.get(k)), text("v" + i)));
    }

    @Test
    void appliedLogFilesAreDeletedOnceOlderThanTheRetentionWindow() throws IOException {
        try (SqliteStorage s = SqliteStorage.open(config(Duration.ZERO))) {
            int[] i = {0};
            Eventually.await("the log to roll into a fourth file", Duration.ofSeconds(15), () -> {
                put(s, i[0]++);
                return s.logFilesCreated() >= 4;
            });
            s.flush();
            Eventually.await("applied files to be deleted", Duration.ofSeconds(10), () -> s.logFileCount() <= 1);
            assertThat(cq4Files()).as("files on disk").isLessThanOrEqualTo(1);
            for (int k = 0; k < i[0]; k++) {
                assertThat(values(s.get(Key.of("k" + k)))).containsExactly(text("v" + k));
            }
        }
    }

    private long cq4Files() throws IOException {
        try (Stream<Path> s = Files.walk(dir.resolve("n1").resolve("log"))) {
            return s.filter(p -> p.toString().endsWith(".cq4")).count();
        }
    }

    @Test
    void olderGenerationsAreDeletedAfterTheRetentionWindowButNotBefore() throws IOException {
        try (SqliteStorage s = SqliteStorage.open(config(Duration.ZERO))) {
            put(s, 1);
        }
        try (SqliteStorage s = SqliteStorage.open(config(Duration.ofHours(1)))) {
            put(s, 2);
            s.flush();
            assertThat(generations()).as("kept within the window").hasSize(2);
        }
        try (SqliteStorage s = SqliteStorage.open(config(Duration.ZERO))) {
            Eventually.await("old generations to be deleted", Duration.ofSeconds(10), () -> generationsQuietly() == 1);
            assertThat(values(s.get(Key.of("k1")))).containsExactly(text("v1"));
            assertThat(values(s.get(Key.of("k2")))).containsExactly(text("v2"));
        }
    }

    private long generationsQuietly() {
        try {
            return generations().count();
        } catch (IOException e) {
            return -1;
        }
    }

    private Stream<Path> generations() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("n1").resolve("log"))) {
            return s.toList().stream();
        }
    }
}
