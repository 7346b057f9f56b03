package io.dynacart.store.storage;

/**
 * When a write counts as durable, i.e. when it is acknowledged. Every node of a cluster should run
 * the same mode: {@link #ONE} relies on every replica honouring a forced write, and on stand-ins
 * forcing their hints.
 *
 * <p>Every mode acknowledges a write only after its record is in the append log. The log is a
 * memory-mapped file, so once appended the record is in the operating system's page cache.
 *
 * <pre>
 *             survives: process death   one machine's crash     every machine's power loss
 *   PROCESS             yes             yes, on the other W-1*   no: the last writes may be lost
 *   ONE                 yes             yes                      yes: one replica forced each write
 *   FSYNC               yes             yes                      yes: every acknowledging replica did
 *   (* the write is in the page cache of W replicas; one crash loses one copy)
 * </pre>
 */
public enum Durability {
    /**
     * Acknowledged once appended: survives the death of the process ({@code kill -9}), not a crash
     * of the machine or a power loss, which can lose the last writes the OS had not yet flushed.
     * The default: an acknowledged write costs a few microseconds.
     */
    PROCESS,
    /**
     * One durable replica (the paper's section 6.1): the coordinator of each put asks exactly one
     * replica to force the write to disk (its own copy when it is a replica; a stand-in for it, which
     * forces too, if that copy fails) and answers the client only once W replicas acknowledged, that
     * one among them; the others acknowledge once appended, as in {@link #PROCESS}. Hints are forced
     * in this mode (a stand-in's hint may be the durable copy); other writes (repair, anti-entropy,
     * handoff) are as in {@link #PROCESS}. Survives a power loss of every machine with one disk flush
     * per put on one node instead of on W, shared by group commit.
     */
    ONE,
    /**
     * Acknowledged once the log is forced to disk ({@code fdatasync}); writes arriving together share one
     * force (group commit). Survives a machine crash, at the cost of a disk flush per group: tens of
     * microseconds to milliseconds of latency, depending on the disk.
     */
    FSYNC
}
