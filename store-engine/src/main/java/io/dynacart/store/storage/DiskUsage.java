package io.dynacart.store.storage;

/**
 * What a storage's files take on disk, and how much of that is free for reuse.
 *
 * @param databaseBytes    the size of the database (SQLite's {@code store.db}): its pages, which is
 *                         the file's size once its write-ahead log is checkpointed into it; 0 in memory
 * @param walBytes         the size of its write-ahead log ({@code store.db-wal}), which SQLite reuses
 *                         rather than shrinks
 * @param freeBytes        pages of the database file that hold nothing (left by deletes): later writes
 *                         reuse them, and {@link Storage#returnFreeSpace} gives them back when
 *                         {@code returnsFreeSpace}
 * @param returnsFreeSpace whether this storage can give free pages back to the file system, so that
 *                         the file shrinks (SQLite: a database made with incremental auto-vacuum)
 */
public record DiskUsage(long databaseBytes, long walBytes, long freeBytes, boolean returnsFreeSpace) {

    /** A storage with no files (in memory). */
    public static final DiskUsage NONE = new DiskUsage(0, 0, 0, false);

    public DiskUsage {
        if (databaseBytes < 0 || walBytes < 0 || freeBytes < 0) {
            throw new IllegalArgumentException("sizes are never negative, were " + databaseBytes + ", " + walBytes
                    + " and " + freeBytes);
        }
    }
}
