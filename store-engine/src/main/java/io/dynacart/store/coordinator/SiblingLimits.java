package io.dynacart.store.coordinator;

import io.dynacart.store.api.SiblingsTooLargeException;
import io.dynacart.store.api.TooManySiblingsException;
import io.dynacart.store.api.Value;
import io.dynacart.store.transport.MessageCodec;
import io.dynacart.store.versioning.Reconciliation;
import io.dynacart.store.versioning.Versioned;
import java.util.List;

/**
 * The caps on one key's siblings that a put must stay within: how many ({@code maxSiblings}) and how
 * many bytes of values ({@code maxBytes}; tombstones count as siblings, with no bytes). The
 * coordinator checks the sibling set the put would leave it with, after reconciling the new version
 * with what it holds, and refuses the put before anything is written when that set passes a cap
 * ({@link TooManySiblingsException}, {@link SiblingsTooLargeException}). A put whose context covers
 * every sibling leaves exactly one, which fits: {@code maxBytes} is at least the 1 MiB value limit.
 *
 * <h2>Why merges never meet the frame or the log first</h2>
 * Replication, read repair, hinted handoff and anti-entropy merge sibling sets and are never
 * refused, so a merged set may pass the caps; it must still fit a frame (8 MiB) and an append-log
 * record (12 MiB). A version that survives a merge was created by some coordinator, and stays in
 * that coordinator's set until a context covering it supersedes it everywhere; that set was within
 * the caps right after the coordinator's last accepted put. So a merged set is within the union of
 * one capped set per group of nodes that wrote the key while cut off from the others (within a
 * group, coordinators replicate to each other): N groups are allowed for (a partition into more groups
 * that each fill one key to the cap, fallbacks coordinating take-overs among them, is outside the
 * bound). With N = 3 and the defaults:
 * <pre>
 *   per sibling beyond its value, at most: (24 + 1 clock entries) x 81 B + 6 B  =     2,031 B
 *   one group's set:  2 MiB + 100 x 2,031 B                                     = 2,300,252 B
 *   three of them, plus 64 KiB for the message's key and fields                 = 6,966,292 B
 *   frame limit 8,388,608 B (8 MiB); append-log record limit 12 MiB
 * </pre>
 * {@link #fitting} lowers the byte cap for a larger N, and {@link CoordinatorConfig} refuses caps
 * that would break this. Until a client resolves such a merged set, puts that leave it over a cap
 * are refused and reads still answer (a read reply carries one replica's set: it fits).
 *
 * <h2>The defaults, against Riak</h2>
 * Riak logs a warning at 25 siblings and refuses a write past 100 ({@code max_siblings}); we refuse
 * past 100 too (count siblings per read with the {@code dynacart_read_siblings} metric to see a key
 * drifting there). Riak's object limit is 50 MB; ours must let three capped sets share one 8 MiB
 * frame, hence 2 MiB: two values at the 1 MiB limit, or the 7 blind 270 KB writes that, unchecked,
 * grew a key until no frame could carry it.
 *
 * @param maxSiblings most siblings a put may leave a key with (at least 1)
 * @param maxBytes    most bytes of sibling values a put may leave a key with (at least {@link Value#MAX_BYTES})
 */
public record SiblingLimits(int maxSiblings, long maxBytes) {

    public static final int DEFAULT_MAX_SIBLINGS = 100;
    public static final long DEFAULT_MAX_BYTES = 2L << 20;
    public static final SiblingLimits DEFAULT = new SiblingLimits(DEFAULT_MAX_SIBLINGS, DEFAULT_MAX_BYTES);

    /** Frame bytes left for a message's fields besides the siblings: key (up to 1 KiB), tag, ids, counts. */
    static final int FRAME_HEADROOM = 64 << 10;
    /** The largest clock entry on the wire: node id (1 + 64 B), counter up to 2^62 (9 B), timestamp up to 9999 (7 B). */
    static final int MAX_ENTRY_BYTES = 81;
    /** Byte caps are lowered to a multiple of this by {@link #fitting}. */
    private static final long STEP = 64 << 10;

    public SiblingLimits {
        if (maxSiblings < 1) {
            throw new IllegalArgumentException("a key must be allowed at least 1 sibling, was " + maxSiblings);
        }
        if (maxBytes < Value.MAX_BYTES) {
            throw new IllegalArgumentException("the sibling byte cap must be at least the value limit of "
                    + Value.MAX_BYTES + " bytes, so that a put resolving every sibling always fits; was " + maxBytes);
        }
    }

    /**
     * The sibling set a put of {@code incoming} leaves a key holding {@code held} with.
     *
     * @throws TooManySiblingsException   if it would have more than {@link #maxSiblings}
     * @throws SiblingsTooLargeException  if its values would total more than {@link #maxBytes}
     */
    public List<Versioned<Value>> check(List<Versioned<Value>> held, Versioned<Value> incoming) {
        List<Versioned<Value>> result = Reconciliation.reconcile(held, incoming);
        if (result.size() > maxSiblings) {
            throw TooManySiblingsException.of(result.size(), maxSiblings);
        }
        long bytes = valueBytes(result);
        if (bytes > maxBytes) {
            throw SiblingsTooLargeException.of(bytes, maxBytes);
        }
        return result;
    }

    /** The bytes of values in {@code siblings}; tombstones have none. */
    static long valueBytes(List<Versioned<Value>> siblings) {
        long bytes = 0;
        for (Versioned<Value> s : siblings) {
            if (s.value() instanceof Value.Bytes b) {
                bytes += b.length();
            }
        }
        return bytes;
    }

    /**
     * The largest frame a sibling set merged from {@code coordinators} capped sets can need, when
     * versions carry at most {@code maxClockEntries} entries besides their dot (see the class comment).
     */
    public long worstMergedFrameBytes(int coordinators, int maxClockEntries) {
        return coordinators * (maxBytes + maxSiblings * versionBytes(maxClockEntries)) + FRAME_HEADROOM;
    }

    /** A sibling's wire bytes beyond its value: dot and past entries, past count, value kind and length. */
    static long versionBytes(int maxClockEntries) {
        return (long) (maxClockEntries + 1) * MAX_ENTRY_BYTES + 2 + 1 + 3;
    }

    /** Whether sets merged from {@code coordinators} capped ones fit a frame. */
    public boolean fitFrames(int coordinators, int maxClockEntries) {
        return worstMergedFrameBytes(coordinators, maxClockEntries) <= MessageCodec.MAX_FRAME_BYTES;
    }

    /**
     * The defaults for keys of {@code replicas} replicas, with the byte cap lowered (to a multiple of
     * 64 KiB) where {@link #DEFAULT} would not fit a frame.
     *
     * @throws IllegalArgumentException if even a byte cap of one value (1 MiB) does not fit (N above 6
     *                                  with clocks of 24 entries)
     */
    public static SiblingLimits fitting(int replicas, int maxClockEntries) {
        if (DEFAULT.fitFrames(replicas, maxClockEntries)) {
            return DEFAULT;
        }
        long perCoordinator = (MessageCodec.MAX_FRAME_BYTES - FRAME_HEADROOM) / Math.max(replicas, 1)
                - DEFAULT_MAX_SIBLINGS * versionBytes(maxClockEntries);
        long bytes = perCoordinator / STEP * STEP;
        if (bytes < Value.MAX_BYTES) {
            throw new IllegalArgumentException("with N=" + replicas + " no sibling byte cap of at least one 1 MiB value"
                    + " keeps a merge of every replica's capped siblings within the " + MessageCodec.MAX_FRAME_BYTES
                    + "-byte frame; use fewer replicas");
        }
        return new SiblingLimits(DEFAULT_MAX_SIBLINGS, bytes);
    }
}
