package io.dynacart.store.storage;

import static io.dynacart.store.storage.StorageContract.X;
import static io.dynacart.store.storage.StorageContract.text;
import static io.dynacart.store.storage.StorageContract.values;
import static io.dynacart.store.storage.StorageContract.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.Partitioner;
import io.dynacart.store.versioning.Context;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot ({@link SqliteStorage#snapshot}) holds every write acknowledged before it began while
 * writes go on, and {@link DataDirectoryRestore} puts it back: whole, or not at all.
 */
class SnapshotIT {

    private static final Partitioner PARTITIONER = new Partitioner(16);
    private static final int KEYS = 5_000;

    @TempDir
    Path dir;

    private final ExecutorService writer = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopWriter() {
        writer.shutdownNow();
    }

    private StorageConfig config(String node) {
        return StorageConfig.defaults(dir.resolve(node)).withPartitioner(PARTITIONER);
    }

    private static void put(Storage s, String key, String value) {
        Key k = Key.of(key);
        s.put(k, version(s, k, X, Context.of(s.get(k)), text(value)));
    }

    private static BackupManifest manifest(SnapshotContents c, int incarnation) {
        return BackupManifest.of(new BackupManifest.Taker(NodeId.of("n1"), incarnation, 1), Instant.now(), c);
    }

    @Test
    void aSnapshotHoldsEveryAcknowledgedWriteWhileWritesAndTheSqliteWriterGoOn() throws Exception {
        AtomicReference<SqliteStorage> opened = new AtomicReference<>();
        AtomicBoolean wroteDuringCopy = new AtomicBoolean();
        AtomicInteger calls = new AtomicInteger();
        StorageHooks writeWhileCopying = new StorageHooks() {
            @Override
            public void duringSnapshot() {
                if (calls.getAndIncrement() > 0) {
                    return;
                }
                // Mid-copy, on the snapshot's thread: another thread's writes are acknowledged, and even
                // applied to SQLite, while the copy's read transaction is open.
                SqliteStorage s = opened.get();
                CompletableFuture<Void> writes = CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 100; i++) {
                        put(s, "during-" + i, "d" + i);
                    }
                    s.flush();
                }, writer);
                try {
                    writes.get(20, TimeUnit.SECONDS);
                    wroteDuringCopy.set(true);
                } catch (Exception e) {
                    throw new AssertionError("writes did not go on during the snapshot", e);
                }
            }
        };
        Path snapshot = dir.resolve("n1.db");
        SnapshotContents contents;
        try (SqliteStorage s = SqliteStorage.open(config("n1").withHooks(writeWhileCopying))) {
            opened.set(s);
            for (int i = 0; i < KEYS; i++) {
                put(s, "before-" + i, "b" + i); // acknowledged: most still waiting for SQLite when the snapshot starts
            }
            s.hints().put(NodeId.of("n2"), Key.of("hinted"), List.of(version(s, Key.of("hinted"), X, Context.EMPTY,
                    text("for n2"))));
            contents = s.snapshot(snapshot, Map.of("namespaces.bin", new byte[] {1, 2, 3}));
            assertThat(wroteDuringCopy).as("a writer went on while the snapshot was copied").isTrue();
            put(s, "after", "a");
        }
        assertThat(contents.keys()).as("every acknowledged write before the snapshot, and perhaps some made during it")
                .isBetween((long) KEYS, (long) KEYS + 100);
        assertThat(contents.hints()).isEqualTo(1);
        assertThat(contents.bytes()).isEqualTo(Files.size(snapshot));
        assertThat(contents.sha256()).isEqualTo(SnapshotContents.sha256(snapshot));

        Path restored = dir.resolve("restored");
        AtomicReference<Map<String, byte[]>> handedBack = new AtomicReference<>();
        DataDirectoryRestore.restore(restored, snapshot, manifest(contents, 0), 1, handedBack::set);
        assertThat(handedBack.get()).as("the node's files the snapshot carried").containsOnlyKeys("namespaces.bin");
        assertThat(handedBack.get().get("namespaces.bin")).containsExactly(1, 2, 3);
        assertThat(RecordedIncarnation.read(restored)).isEqualTo(OptionalInt.of(1));
        try (SqliteStorage s = SqliteStorage.open(StorageConfig.defaults(restored).withPartitioner(PARTITIONER))) {
            for (int i = 0; i < KEYS; i++) {
                assertThat(values(s.get(Key.of("before-" + i)))).as("before-" + i).containsExactly(text("b" + i));
            }
            assertThat(s.get(Key.of("after"))).as("a write after the snapshot").isEmpty();
            assertThat(s.hints().counts()).containsEntry(NodeId.of("n2"), 1L);
            put(s, "new", "n"); // the restored directory takes writes, and keeps them over a restart
        }
        try (SqliteStorage s = SqliteStorage.open(StorageConfig.defaults(restored).withPartitioner(PARTITIONER))) {
            assertThat(values(s.get(Key.of("new")))).containsExactly(text("n"));
            assertThat(values(s.get(Key.of("before-0")))).containsExactly(text("b0"));
        }
    }

    @Test
    void aCorruptSnapshotIsRefusedAndTheDataIsLeftAlone() throws Exception {
        Path snapshot = dir.resolve("n1.db");
        SnapshotContents contents;
        try (SqliteStorage s = SqliteStorage.open(config("n1"))) {
            put(s, "old", "o");
            contents = s.snapshot(snapshot, Map.of());
        }
        try (SqliteStorage s = SqliteStorage.open(config("target"))) {
            put(s, "kept", "k");
        }
        byte[] bytes = Files.readAllBytes(snapshot);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(snapshot, bytes);

        assertThatThrownBy(() -> DataDirectoryRestore.restore(dir.resolve("target"), snapshot, manifest(contents, 0), 1))
                .isInstanceOf(StorageException.class).hasMessageContaining("is corrupt")
                .hasMessageContaining("the node's data is unchanged");
        assertThat(RecordedIncarnation.read(dir.resolve("target"))).isEmpty();
        try (SqliteStorage s = SqliteStorage.open(config("target"))) {
            assertThat(values(s.get(Key.of("kept")))).containsExactly(text("k"));
            assertThat(s.get(Key.of("old"))).isEmpty();
        }
    }

    @Test
    void aDirectoryInUseIsNotRestoredInto() {
        Path snapshot = dir.resolve("n1.db");
        try (SqliteStorage s = SqliteStorage.open(config("n1"))) {
            put(s, "k", "v");
            SnapshotContents contents = s.snapshot(snapshot, Map.of());
            assertThatThrownBy(() -> DataDirectoryRestore.restore(dir.resolve("n1"), snapshot, manifest(contents, 0), 1))
                    .isInstanceOf(StorageException.class).hasMessageContaining("cannot restore n1 into")
                    .hasMessageContaining("already open");
            assertThat(values(s.get(Key.of("k")))).containsExactly(text("v"));
        }
    }

    @Test
    void aNodeDoesNotStartOnADirectoryWhoseRestoreStoppedHalfWay() throws Exception {
        Path snapshot = dir.resolve("n1.db");
        SnapshotContents contents;
        try (SqliteStorage s = SqliteStorage.open(config("n1"))) {
            put(s, "k", "v");
            contents = s.snapshot(snapshot, Map.of());
        }
        Path target = dir.resolve("target");
        Files.createDirectories(target);
        Files.writeString(target.resolve(DataDirectoryRestore.MARKER), "a restore was killed here"); // as a crash leaves it
        assertThatThrownBy(() -> SqliteStorage.open(config("target"))).isInstanceOf(StorageException.class)
                .hasMessageContaining("did not finish").hasMessageContaining("run the restore again");

        DataDirectoryRestore.restore(target, snapshot, manifest(contents, 2), 3);
        try (SqliteStorage s = SqliteStorage.open(config("target"))) {
            assertThat(values(s.get(Key.of("k")))).containsExactly(text("v"));
        }
        assertThat(RecordedIncarnation.read(target)).isEqualTo(OptionalInt.of(3));
    }

    @Test
    void aRestoreUnderTheBackupsOwnIncarnationIsRefused() {
        Path snapshot = dir.resolve("n1.db");
        try (SqliteStorage s = SqliteStorage.open(config("n1"))) {
            put(s, "k", "v");
            SnapshotContents contents = s.snapshot(snapshot, Map.of());
            assertThatThrownBy(() -> DataDirectoryRestore.restore(dir.resolve("t"), snapshot, manifest(contents, 4), 4))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("above the backup's 4");
        }
    }

    @Test
    void aSnapshotOntoAFullDiskFailsNamingTheSpaceAndWritesGoOn() {
        Path full = Path.of("/dev/full");
        assumeThat(Files.exists(full)).as("/dev/full (Linux) stands in for a full disk").isTrue();
        try (SqliteStorage s = SqliteStorage.open(config("n1"))) {
            put(s, "k", "v");
            assertThatThrownBy(() -> s.snapshot(full, Map.of())).isInstanceOf(DiskFullException.class)
                    .hasMessageContaining("free");
            put(s, "k2", "v2");
            assertThat(values(s.get(Key.of("k2")))).containsExactly(text("v2"));
        }
    }
}
