package io.dynacart.store.handoff;

import io.dynacart.store.ring.PartitionId;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a node stands in giving back the space of partitions it no longer replicates.
 *
 * @param partitionsDropped drops completed since start (a partition whose stray keys, written after
 *                          its drop, are dropped again counts again)
 * @param keysDropped       keys forgotten since start
 * @param bytesDropped      their stored bytes (keys plus encoded siblings), as partition statistics
 *                          count them
 * @param dropsHalted       drops stopped part way since start, because the partition could no longer
 *                          be dropped (a ring change began); what is left is dropped later if it may be
 * @param dropsFailed       drops the storage failed since start; they are tried again
 * @param fileBytesReturned bytes of free space given back to the file system since start
 * @param pending           every partition this node holds keys of but does not replicate, and why
 *                          it is still here
 */
public record ReclaimProgress(int partitionsDropped, long keysDropped, long bytesDropped, int dropsHalted,
                              int dropsFailed, long fileBytesReturned, List<Pending> pending) {

    public static final ReclaimProgress NONE = new ReclaimProgress(0, 0, 0, 0, 0, 0, List.of());

    public ReclaimProgress {
        if (partitionsDropped < 0 || keysDropped < 0 || bytesDropped < 0 || dropsHalted < 0 || dropsFailed < 0
                || fileBytesReturned < 0) {
            throw new IllegalArgumentException("reclaim counts are never negative");
        }
        pending = List.copyOf(pending);
    }

    /** What waits: the partition, what it holds here, and why it is not gone yet. */
    public record Pending(PartitionId partition, long keys, long bytes, Why why) {
        public Pending {
            Objects.requireNonNull(partition, "partition");
            Objects.requireNonNull(why, "why");
        }
    }

    /**
     * Why a pending partition is still here: it is being dropped, waits for the drop ahead of it, or
     * one of {@link ReclaimRules.Hold}'s reasons (never {@code REPLICA}: a replica's partition is not pending).
     */
    public enum Why {
        DROPPING, QUEUED, TRANSITION, SETTLING, TRANSFER, HINTS;

        static Why of(ReclaimRules.Hold hold) {
            return switch (hold) {
                case TRANSITION -> TRANSITION;
                case SETTLING -> SETTLING;
                case TRANSFER -> TRANSFER;
                case HINTS -> HINTS;
                case REPLICA -> throw new IllegalArgumentException("a partition this node replicates is not pending");
            };
        }

        /** The JSON form: the name in lower case. */
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Keys held in pending partitions. */
    public long pendingKeys() {
        return pending.stream().mapToLong(Pending::keys).sum();
    }

    /** Bytes held in pending partitions. */
    public long pendingBytes() {
        return pending.stream().mapToLong(Pending::bytes).sum();
    }
}
