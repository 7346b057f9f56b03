package io.dynacart.store.storage;

/**
 * When a write counts as durable, i.e. when it is acknowledged.
 *
 * <p>Both modes acknowledge a write only after its record is in the append log. The log is a
 * memory-mapped file, so once appended the record is in the operating system's page cache.
 */
public enum Durability {
    /**
     * Acknowledged once appended: survives the death of the process ({@code kill -9}), not a crash
     * of the machine or a power loss, which can lose the last writes the OS had not yet flushed.
     * The default: an acknowledged write costs a few microseconds.
     */
    PROCESS,
    /**
     * Acknowledged once the log is forced to disk ({@code fdatasync}); writes arriving together share one
     * force (group commit). Survives a machine crash, at the cost of a disk flush per group: tens of
     * microseconds to milliseconds of latency, depending on the disk.
     */
    FSYNC
}
