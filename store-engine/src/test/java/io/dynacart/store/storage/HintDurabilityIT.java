package io.dynacart.store.storage;

import static io.dynacart.store.storage.StorageContract.X;
import static io.dynacart.store.storage.StorageContract.Y;
import static io.dynacart.store.storage.StorageContract.text;
import static io.dynacart.store.storage.StorageContract.values;
import static io.dynacart.store.storage.StorageContract.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.ring.Partitioner;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.Versioned;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hints are as durable as data: they outlive the object, replay from the log, and arrive with schema version 2. */
class HintDurabilityIT {

    private static final NodeId DOWN = NodeId.of("n2");
    private static final NodeId ALSO_DOWN = NodeId.of("n3");

    @TempDir
    Path dir;

    /** Where the hinted versions are coordinated. */
    private final MemoryStorage coordinator = new MemoryStorage(new Partitioner(16));

    private StorageConfig config() {
        return StorageConfig.defaults(dir.resolve("n1")).withPartitioner(new Partitioner(16));
    }

    private Versioned<Value> coordinated(String key, NodeId at, String value) {
        Key k = Key.of(key);
        Versioned<Value> v = version(coordinator, k, at, Context.of(coordinator.get(k)), text(value));
        coordinator.put(k, v);
        return v;
    }

    /**
     * Hints for two nodes, one of them rewritten, deleted and written again, interleaved with data
     * writes and a partition drop: every kind of record, in one log.
     */
    private void writeHintsAndData(Storage s) {
        for (int i = 0; i < 50; i++) {
            s.hints().put(DOWN, Key.of("h" + i), List.of(coordinated("h" + i, X, "v" + i)));
            Key data = Key.of("d" + i);
            s.put(data, version(s, data, X, Context.EMPTY, text("d" + i)));
        }
        s.hints().put(ALSO_DOWN, Key.of("h0"), List.of(coordinated("h0", Y, "for n3")));
        s.hints().put(DOWN, Key.of("h1"), List.of(coordinated("h1", Y, "v1 again")));
        s.dropPartition(s.partitioner().partitionOf(KeyHash.of(Key.of("d0"))));
        assertThat(s.hints().delete(DOWN, Key.of("h2"), coordinator.get(Key.of("h2")))).isTrue();
        assertThat(s.hints().delete(DOWN, Key.of("h3"), coordinator.get(Key.of("h3")))).isTrue();
        s.hints().put(DOWN, Key.of("h3"), List.of(coordinated("h3", Y, "v3 after delivery")));
    }

    private void assertHintsAsWritten(Storage s) {
        assertThat(s.hints().counts()).containsExactly(entry(DOWN, 49L), entry(ALSO_DOWN, 1L));
        assertThat(s.hints().forNode(DOWN, 100)).extracting(StoredHint::key).doesNotContain(Key.of("h2"));
        for (int i : new int[] {1, 3, 4, 49}) {
            Key k = Key.of("h" + i);
            List<Versioned<Value>> held = s.hints().forNode(DOWN, 100).stream().filter(h -> h.key().equals(k))
                    .findFirst().orElseThrow().siblings();
            assertThat(held).as("hint of %s", k).isEqualTo(coordinator.get(k));
        }
        assertThat(values(s.hints().forKey(Key.of("h0")))).as("n3's hint descends from n2's")
                .containsExactly(text("for n3"));
        PartitionId dropped = s.partitioner().partitionOf(KeyHash.of(Key.of("d0")));
        for (int i = 0; i < 50; i++) {
            Key k = Key.of("d" + i);
            boolean wasDropped = s.partitioner().partitionOf(KeyHash.of(k)).equals(dropped);
            assertThat(values(s.get(k))).as("data key %s", k).isEqualTo(wasDropped ? List.of() : List.of(text("d" + i)));
        }
    }

    @Test
    void hintsAndHintDeletesSurviveAReopen() {
        try (SqliteStorage s = SqliteStorage.open(config())) {
            writeHintsAndData(s);
        }
        try (SqliteStorage s = SqliteStorage.open(config())) {
            assertHintsAsWritten(s);
        }
    }

    @Test
    void fsyncModeAcknowledgesHintsAndTheySurviveAReopen() {
        StorageConfig fsync = config().withDurability(Durability.FSYNC);
        try (SqliteStorage s = SqliteStorage.open(fsync)) {
            writeHintsAndData(s);
        }
        try (SqliteStorage s = SqliteStorage.open(fsync)) {
            assertHintsAsWritten(s);
        }
    }

    @Test
    void hintsStillOnlyInTheLogAreReplayedIntoSqlite() throws Exception {
        try (SqliteStorage s = SqliteStorage.open(config())) {
            writeHintsAndData(s);
        }
        SqliteStorageDurabilityIT.forgetAppliedPosition(config().dataDir());

        try (SqliteStorage s = SqliteStorage.open(config())) {
            assertHintsAsWritten(s);
        }
    }

    @Test
    void replayingHintRecordsAgainOverWhatSqliteHoldsChangesNothing() throws Exception {
        try (SqliteStorage s = SqliteStorage.open(config())) {
            writeHintsAndData(s);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + config().dataDir().resolve("store.db"));
             Statement st = c.createStatement()) {
            st.execute("DELETE FROM meta WHERE name IN ('log_generation', 'log_index')");
        }

        try (SqliteStorage s = SqliteStorage.open(config())) {
            assertThat(s.hints().counts()).as("a delete replayed before a later put keeps the later put")
                    .containsExactly(entry(DOWN, 49L), entry(ALSO_DOWN, 1L));
            assertThat(s.hints().forNode(DOWN, 100)).extracting(StoredHint::key).contains(Key.of("h3")).doesNotContain(Key.of("h2"));
        }
    }

    @Test
    void aVersionOneDirectoryIsUpgradedAndKeepsHints() throws Exception {
        Path data = config().dataDir();
        Files.createDirectories(data);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("store.db"))) {
            SchemaMigrations.migrate(c, "store.db", List.of(SchemaMigrations.ALL.get(0)));
            assertThat(SchemaMigrations.userVersion(c)).isEqualTo(1);
        }

        try (SqliteStorage s = SqliteStorage.open(config())) {
            writeHintsAndData(s);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("store.db"))) {
            assertThat(SchemaMigrations.userVersion(c)).isEqualTo(2);
        }
        try (SqliteStorage s = SqliteStorage.open(config())) {
            assertHintsAsWritten(s);
        }
    }
}
