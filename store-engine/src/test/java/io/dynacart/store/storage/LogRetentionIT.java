package io.dynacart.store.storage;

import static io.dynacart.store.storage.StorageContract.X;
import static io.dynacart.store.storage.StorageContract.text;
import static io.dynacart.store.storage.StorageContract.values;
import static io.dynacart.store.storage.StorageContract.version;
import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.identity.Key;
import io.dynacart.store.ring.Partitioner;
import io.dynacart.store.versioning.Context;
import io.dynacart.testing.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log does not grow without bound: files whose records all reached SQLite go after the
 * retention window; and never before a checkpoint has made SQLite's copy of their records durable.
 */
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
            Await.until("the log to roll into a fourth file", Duration.ofSeconds(15), () -> {
                put(s, i[0]++);
                return s.log().filesCreated() >= 4;
            });
            s.flush();
            Await.until("applied files to be deleted", Duration.ofSeconds(10), () -> s.log().fileCount() <= 1);
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
            Await.until("old generations to be deleted", Duration.ofSeconds(10), () -> generationsQuietly() == 1);
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

    /**
     * The order that fsync durability rests on: when a log file (or an older generation) is deleted,
     * SQLite's database file proper, without its WAL, already holds every record of it. With
     * {@code synchronous=NORMAL} a commit reaches only the WAL, which a machine crash may lose, and
     * replay would then need the deleted file. Checked at each deletion on a copy of the database
     * file alone (what survives if the WAL does not).
     */
    @Test
    void aLogFileIsDeletedOnlyOnceACheckpointPutItsRecordsInTheDatabaseFile() throws Exception {
        Path data = dir.resolve("n1");
        List<String> violations = new CopyOnWriteArrayList<>();
        AtomicInteger deletions = new AtomicInteger();
        AtomicInteger checkpoints = new AtomicInteger();
        StorageHooks watch = new StorageHooks() {
            @Override
            public void checkpointed(long generation, long index) {
                checkpoints.incrementAndGet();
            }

            @Override
            public void deletingLog(Path path, long generation, int cycle) {
                deletions.incrementAndGet();
                long[] inDbFile = appliedPositionInDatabaseFileAlone(data);
                boolean covered = cycle < 0 ? inDbFile[0] > generation
                        : inDbFile[0] > generation || (inDbFile[0] == generation && inDbFile[1] >= 0
                                && AppendLog.cycleOf(StorageConfig.LogRoll.SECONDLY, inDbFile[1]) > cycle);
                if (!covered) {
                    violations.add("deleted " + path.getFileName() + " (generation " + generation + ", cycle " + cycle
                            + ") while the database file held only up to generation " + inDbFile[0] + ", index "
                            + inDbFile[1]);
                }
            }
        };
        StorageConfig config = config(Duration.ZERO).withDurability(Durability.FSYNC).withHooks(watch);
        int[] i = {0};
        try (SqliteStorage s = SqliteStorage.open(config)) {
            Await.until("a generation spanning a few files, some deleted", Duration.ofSeconds(30), () -> {
                put(s, i[0]++);
                return s.log().filesCreated() >= 4 && deletions.get() >= 2;
            });
        }
        try (SqliteStorage s = SqliteStorage.open(config)) {
            int before = deletions.get();
            Await.until("the older generation to be deleted", Duration.ofSeconds(30), () -> {
                put(s, i[0]++);
                return deletions.get() > before && generationsQuietly() == 1;
            });
            for (int k = 0; k < i[0]; k++) {
                assertThat(values(s.get(Key.of("k" + k)))).containsExactly(text("v" + k));
            }
        }
        assertThat(violations).as("deletions ahead of SQLite's durable state").isEmpty();
        assertThat(checkpoints.get()).as("retention asked for checkpoints").isPositive();
    }

    /**
     * (generation, index) that SQLite's database file, read without its WAL, says was applied; (0, -1)
     * while the file does not even hold the schema (nothing was ever checkpointed).
     */
    private long[] appliedPositionInDatabaseFileAlone(Path data) {
        try {
            Path copy = Files.createTempDirectory(dir, "dbfile-").resolve("store.db");
            Files.copy(data.resolve("store.db"), copy, StandardCopyOption.REPLACE_EXISTING);
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT name, value FROM meta")) {
                long[] position = {0, -1};
                while (rs.next()) {
                    if (rs.getString(1).equals("log_generation")) {
                        position[0] = rs.getLong(2);
                    } else if (rs.getString(1).equals("log_index")) {
                        position[1] = rs.getLong(2);
                    }
                }
                return position;
            }
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("no such table")) {
                return new long[] {0, -1};
            }
            throw new AssertionError("cannot read the copy of the database file", e);
        } catch (IOException e) {
            throw new AssertionError("cannot copy the database file", e);
        }
    }
}
