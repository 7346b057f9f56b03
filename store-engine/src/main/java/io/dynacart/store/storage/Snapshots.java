package io.dynacart.store.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;

/**
 * Takes the snapshot of {@link SqliteStorage#snapshot}: checks for room, copies the database with
 * {@code VACUUM INTO}, and reads back what the copy holds.
 *
 * <p>What must hold: a snapshot never fills the node's disk (it needs room for the copy plus a
 * reserve, so that the node's own writes still fit), and a failed snapshot leaves no file behind.
 */
final class Snapshots {

    /** Room left free beside the copy, at least: the node's log and SQLite keep writing meanwhile. */
    static final long RESERVE_BYTES = 64L << 20;
    private static final int SQLITE_FULL = 13;

    private Snapshots() {
    }

    static SnapshotContents take(SqliteDatabase store, Path target, StorageHooks hooks, Map<String, byte[]> nodeFiles) {
        Path where = target.toAbsolutePath().getParent();
        try {
            long needed = store.liveBytes();
            long reserve = RESERVE_BYTES + needed / 20;
            long free = Files.getFileStore(where).getUsableSpace();
            if (free < needed + reserve) {
                throw new DiskFullException("not enough free space in " + where + " for a snapshot: it needs about "
                        + mib(needed) + " MiB plus " + mib(reserve) + " MiB kept free for the node's writes, and "
                        + mib(free) + " MiB are free; free some space on that disk and back up again");
            }
            store.vacuumInto(target, hooks::duringSnapshot);
            NodeFiles.put(target, nodeFiles);
        } catch (SQLException e) {
            deleteQuietly(target);
            if (e.getErrorCode() == SQLITE_FULL) {
                throw new DiskFullException("the disk of " + where + " filled up while the snapshot was written ("
                        + e.getMessage() + "); nothing was kept; free some space and back up again");
            }
            throw new StorageException("cannot write a snapshot to " + target + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new StorageException("cannot see the free space in " + where + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(target);
            throw e;
        }
        try {
            return SnapshotContents.read(target);
        } catch (RuntimeException e) {
            deleteQuietly(target);
            throw e;
        }
    }

    private static long mib(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }

    static void deleteQuietly(Path file) {
        try {
            if (Files.isRegularFile(file)) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // the caller reports the original failure
        }
    }
}
