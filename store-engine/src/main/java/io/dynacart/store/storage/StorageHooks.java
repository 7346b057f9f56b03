package io.dynacart.store.storage;

import java.nio.file.Path;

/**
 * A seam for tests, on purpose: called on the storage's own threads at the moments a test needs to
 * see or break. Production uses {@link #NONE}. A hook that throws (anything, an {@code Error} too)
 * does what a real failure at that point would: the thread dies and the storage fails loudly.
 */
public interface StorageHooks {

    /** Does nothing. */
    StorageHooks NONE = new StorageHooks() {
    };

    /** On the SQLite writer thread, before it applies a batch of {@code records} logged records. */
    default void beforeApply(int records) {
    }

    /** On the syncer thread ({@link Durability#FSYNC}), before it forces the log to disk. */
    default void beforeForce() {
    }

    /**
     * On the SQLite writer thread: a checkpoint has put every logged record up to
     * ({@code generation}, {@code index}) into the database file proper and synced it.
     */
    default void checkpointed(long generation, long index) {
    }

    /**
     * On the SQLite writer thread, just before retention deletes {@code path}: a file of the log's
     * generation {@code generation} holding roll cycle {@code cycle}, or the whole generation's
     * directory ({@code cycle} = -1).
     */
    default void deletingLog(Path path, long generation, int cycle) {
    }

    /**
     * On the thread taking a snapshot ({@link SqliteStorage#snapshot}), every few thousand steps of the
     * copy while it is under way: a test may write meanwhile, to see that writers are not stopped.
     */
    default void duringSnapshot() {
    }
}
