package io.dynacart.store.storage;

import static io.dynacart.store.storage.StorageContract.X;
import static io.dynacart.store.storage.StorageContract.text;
import static io.dynacart.store.storage.StorageContract.values;
import static io.dynacart.store.storage.StorageContract.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.ring.Partitioner;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.Versioned;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the SQLite storage adds to the contract: it outlives the object, and guards its directory. */
class SqliteStorageDurabilityIT {

    @TempDir
    Path dir;

    private StorageConfig config() {
        return StorageConfig.defaults(dir.resolve("n1")).withPartitioner(new Partitioner(16));
    }

    private static void write(Storage s, String key, String value) {
        Key k = Key.of(key);
        s.put(k, version(s, k, X, Context.of(s.get(k)), text(value)));
    }

    @Test
    void acknowledgedWritesSurviveAReopen() {
        try (SqliteStorage s = SqliteStorage.open(config())) {
            for (int i = 0; i < 1000; i++) {
                write(s, "k" + (i % 100), "v" + i);
            }
        }
        try (SqliteStorage s = SqliteStorage.open(config())) {
            for (int i = 900; i < 1000; i++) {
                assertThat(values(s.get(Key.of("k" + (i % 100))))).containsExactly(text("v" + i));
            }
        }
    }

    @Test
    void aPurgeSurvivesAReopenAndAReplayOfTheLog() throws Exception {
        Key k = Key.of("purged");
        try (SqliteStorage s = SqliteStorage.open(config())) {
            write(s, "kept", "v");
            List<Versioned<Value>> tombstone = s.put(k, version(s, k, X, Context.EMPTY, Value.TOMBSTONE));
            assertThat(s.purge(k, tombstone)).isTrue();
        }
        try (SqliteStorage s = SqliteStorage.open(config())) {
            assertThat(s.get(k)).as("purged, after a reopen").isEmpty();
        }
        forgetAppliedPosition(config().dataDir());
        try (SqliteStorage s = SqliteStorage.open(config())) {
            assertThat(s.get(k)).as("purged, after replaying the whole log").isEmpty();
            assertThat(values(s.get(Key.of("kept")))).containsExactly(text("v"));
        }
    }

    @Test
    void fsyncModeAcknowledgesAndSurvivesAReopen() {
        StorageConfig fsync = config().withDurability(Durability.FSYNC);
        try (SqliteStorage s = SqliteStorage.open(fsync)) {
            for (int i = 0; i < 200; i++) {
                write(s, "k" + i, "v" + i);
            }
        }
        try (SqliteStorage s = SqliteStorage.open(fsync)) {
            assertThat(values(s.get(Key.of("k199")))).containsExactly(text("v199"));
        }
    }

    @Test
    void writesStillOnlyInTheLogAreReplayedIntoSqlite() throws Exception {
        try (SqliteStorage s = SqliteStorage.open(config())) {
            for (int i = 0; i < 500; i++) {
                write(s, "k" + i, "v" + i);
            }
        }
        forgetAppliedPosition(config().dataDir());

        try (SqliteStorage s = SqliteStorage.open(config())) {
            for (int i = 0; i < 500; i++) {
                assertThat(values(s.get(Key.of("k" + i)))).containsExactly(text("v" + i));
            }
            long keys = 0;
            for (int p = 0; p < 16; p++) {
                keys += s.stats(PartitionId.of(p)).keys();
            }
            assertThat(keys).as("replayed writes are counted once each").isEqualTo(500);
        }
    }

    @Test
    void aSecondStorageOnTheSameDirectoryIsRefusedClearly() {
        try (SqliteStorage first = SqliteStorage.open(config())) {
            assertThatThrownBy(() -> SqliteStorage.open(config()))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("is already open in this process");
            write(first, "still", "works");
            assertThat(values(first.get(Key.of("still")))).containsExactly(text("works"));
        }
        try (SqliteStorage again = SqliteStorage.open(config())) {
            assertThat(values(again.get(Key.of("still")))).as("closing releases the directory").containsExactly(text("works"));
        }
    }

    @Test
    void aDirectoryMadeForAnotherPartitionCountIsRefused() {
        SqliteStorage.open(config()).close();

        assertThatThrownBy(() -> SqliteStorage.open(config().withPartitioner(new Partitioner(32))))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("holds 16 partitions but this node is configured for 32");
    }

    @Test
    void aDirectoryFromANewerReleaseIsRefusedNotDamaged() throws Exception {
        SqliteStorage.open(config()).close();
        Path db = config().dataDir().resolve("store.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("PRAGMA user_version = 99");
        }

        assertThatThrownBy(() -> SqliteStorage.open(config()))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("written by a newer DynaCart (schema version 99)");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            assertThat(SchemaMigrations.userVersion(c)).isEqualTo(99);
        }
    }

    /** Makes SQLite forget what it applied, as if the process had died before any batch committed. */
    static void forgetAppliedPosition(Path dataDir) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("store.db"));
             Statement st = c.createStatement()) {
            st.execute("DELETE FROM meta WHERE name IN ('log_generation', 'log_index')");
            st.execute("DELETE FROM kv");
            st.execute("DELETE FROM partition_stats");
            st.execute("DELETE FROM hints");
        }
    }
}
