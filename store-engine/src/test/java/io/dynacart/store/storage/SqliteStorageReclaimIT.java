package io.dynacart.store.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.ring.Partitioner;
import io.dynacart.store.versioning.Dot;
import io.dynacart.store.versioning.DottedVersionVector;
import io.dynacart.store.versioning.VectorClock;
import io.dynacart.store.versioning.Versioned;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What forgetting a partition gives back on disk. A new database is made with incremental
 * auto-vacuum: the whole pages a forget frees go back to the file system, and the file shrinks. Whole
 * pages are freed by large values (their overflow pages), the partition's index pages, and table
 * pages that held only the partition's rows: the table keeps rows in the order the SQLite writer
 * applied them, each batch sorted by key hash, so rows that arrived together (a transfer, a bulk
 * load) sit by partition, while rows written one by one share pages with other partitions' rows.
 * The room those leave stays in their pages, for the rows beside them to grow into; a backup
 * ({@code VACUUM INTO}) is written without it. A database made without auto-vacuum (by an older
 * release) keeps its free pages for reuse; a backup of it has auto-vacuum, so a node restored from
 * one gives pages back.
 */
class SqliteStorageReclaimIT {

    private static final Partitioner PARTITIONER = new Partitioner(16);
    private static final NodeId WRITER = NodeId.of("w");

    @TempDir
    Path dir;

    private long counter;

    @Test
    void forgettingLargeValuesGivesTheirPagesBackAndTheFileShrinks() {
        try (SqliteStorage s = open(dir.resolve("large"))) {
            for (int i = 0; i < 400; i++) {
                write(s, "large-" + i, 20 << 10);
            }
            s.flush();
            PartitionId gone = PartitionId.of(5);
            DiskUsage before = s.diskUsage();
            assertThat(before.returnsFreeSpace()).as("a new database gives free pages back").isTrue();

            long bytes = forgetAll(s, gone);
            s.flush();
            DiskUsage forgotten = s.diskUsage();
            long returned = 0;
            for (long step; (step = s.returnFreeSpace(1 << 20)) > 0; ) {
                returned += step;
            }
            DiskUsage after = s.diskUsage();

            System.out.printf("SqliteStorageReclaimIT: forgot %d bytes of large values; free %d bytes, %d given back;"
                    + " database %d -> %d bytes%n", bytes, forgotten.freeBytes(), returned, before.databaseBytes(),
                    after.databaseBytes());
            assertThat(forgotten.freeBytes()).as("their pages are free").isGreaterThan(bytes * 8 / 10);
            assertThat(returned).as("and given back").isEqualTo(forgotten.freeBytes());
            assertThat(after.freeBytes()).isZero();
            assertThat(after.databaseBytes()).as("the database shrank by about what was forgotten")
                    .isLessThan(before.databaseBytes() - bytes * 8 / 10);
        }
    }

    @Test
    void smallRowsWrittenTogetherFreeWholePagesAndRowsWrittenOneByOneLeaveRoomThatABackupDropsToo() {
        Reclaimed together = forgetAQuarter(dir.resolve("together"), false);
        Reclaimed oneByOne = forgetAQuarter(dir.resolve("one-by-one"), true);
        System.out.printf("SqliteStorageReclaimIT: small values written together: %s%n", together);
        System.out.printf("SqliteStorageReclaimIT: small values written one by one: %s%n", oneByOne);

        assertThat(together.returned()).as("rows applied in one batch sit in hash order: their pages go whole")
                .isGreaterThan(together.forgotten() * 7 / 10);
        assertThat(oneByOne.returned()).as("rows applied one by one share pages with other partitions' rows")
                .isLessThan(oneByOne.forgotten() / 2);
        assertThat(oneByOne.backup()).as("a backup (VACUUM INTO) is written without the room they left")
                .isLessThan(oneByOne.after() - oneByOne.forgotten() / 2);
    }

    /** What forgetting a quarter of the partitions gave back: bytes forgotten, given back, the database after, a backup's size. */
    private record Reclaimed(long forgotten, long returned, long before, long after, long backup) {
    }

    /** 4,000 keys of 200-byte values, applied together or one by one, then partitions 0-3 forgotten and pages given back. */
    private Reclaimed forgetAQuarter(Path where, boolean oneByOne) {
        try (SqliteStorage s = open(where)) {
            for (int i = 0; i < 4_000; i++) {
                write(s, "small-" + i, 200);
                if (oneByOne) {
                    s.flush(); // the SQLite writer applies this write alone
                }
            }
            s.flush();
            long before = s.diskUsage().databaseBytes();
            long forgotten = 0;
            for (int p = 0; p < 4; p++) {
                forgotten += forgetAll(s, PartitionId.of(p));
            }
            s.flush();
            long returned = 0;
            for (long step; (step = s.returnFreeSpace(1 << 20)) > 0; ) {
                returned += step;
            }
            long after = s.diskUsage().databaseBytes();
            assertThat(after).isEqualTo(before - returned);
            Path backup = where.resolveSibling(where.getFileName() + "-backup.db");
            s.snapshot(backup, Map.of());
            return new Reclaimed(forgotten, returned, before, after, sizeOf(backup));
        }
    }

    @Test
    void aDatabaseMadeWithoutAutoVacuumReusesItsFreePagesAndABackupOfItGivesThemBack() throws Exception {
        Path node = dir.resolve("older");
        Files.createDirectories(node);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + node.resolve("store.db"));
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE made_before_auto_vacuum (x)"); // a table: too late to turn auto-vacuum on
        }
        Path backup = dir.resolve("backup.db");
        try (SqliteStorage s = open(node)) {
            for (int i = 0; i < 100; i++) {
                write(s, "older-" + i, 20 << 10);
            }
            forgetAll(s, PartitionId.of(3));
            s.flush();
            DiskUsage usage = s.diskUsage();
            assertThat(usage.returnsFreeSpace()).isFalse();
            assertThat(usage.freeBytes()).as("free pages, kept for reuse").isPositive();
            assertThat(s.returnFreeSpace(1 << 20)).isZero();
            assertThat(s.diskUsage().freeBytes()).isEqualTo(usage.freeBytes());
            s.snapshot(backup, Map.of());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + backup);
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA auto_vacuum")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).as("the backup's auto-vacuum: incremental").isEqualTo(2);
        }
    }

    private static SqliteStorage open(Path where) {
        return SqliteStorage.open(StorageConfig.defaults(where).withPartitioner(PARTITIONER));
    }

    /** Writes {@code name} with a value of {@code size} bytes; returns the bytes stored, as statistics count them. */
    private long write(SqliteStorage s, String name, int size) {
        Key key = Key.of(name);
        PartitionId p = PARTITIONER.partitionOf(KeyHash.of(key));
        long before = s.stats(p).bytes();
        byte[] value = ("%s ".formatted(name) + "v".repeat(size)).getBytes(StandardCharsets.UTF_8);
        s.put(key, new Versioned<>(new DottedVersionVector(new Dot(WRITER, ++counter, 1), VectorClock.EMPTY),
                Value.of(value)));
        return s.stats(p).bytes() - before;
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Forgets every key of {@code partition}, a batch at a time; returns the bytes forgotten. */
    private static long forgetAll(SqliteStorage s, PartitionId partition) {
        long bytes = 0;
        for (ForgottenKeys batch; !(batch = s.forget(partition, 100)).keys().isEmpty(); ) {
            bytes += batch.bytes();
        }
        assertThat(s.stats(partition)).isEqualTo(PartitionStats.EMPTY);
        return bytes;
    }
}
