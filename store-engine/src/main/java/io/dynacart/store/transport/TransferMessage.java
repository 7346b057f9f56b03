package io.dynacart.store.transport;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.versioning.Versioned;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Partition transfer on join and leave (paper, section 4.9): a node that gains a partition pulls its
 * data, chunk by chunk, from a node that holds it now.
 *
 * <pre>
 *   receiver                                   source
 *     ChunkRequest(id, p, after=none, max)  ─▶
 *                                          ◀─  Chunk(id, p, after=none, [k1..k9], last=false)
 *     ChunkRequest(id, p, after=k9, max)    ─▶
 *                                          ◀─  Chunk(id, p, after=k9, [k10..], last=true)
 *                                      or  ◀─  Refused(id, p, reason)
 * </pre>
 *
 * <p>The cursor is the last <em>key</em> sent rather than its hash: keys are scanned in (hash, key)
 * order and Murmur3 collisions can be crafted, so resuming after a hash alone could skip a key that
 * shares it. A chunk echoes the cursor it continues from ({@code after}), so that the receiver can
 * tell the answer to its current request from a late duplicate of an earlier one.
 */
public sealed interface TransferMessage extends Message {

    /**
     * The largest {@code maxBytes} a request may ask for. A chunk holds at most that much plus one
     * entry, and one entry is at most a key's whole sibling set, which must fit a frame on its own
     * (as for a replication {@code Write}); 4 MiB leaves the rest of {@link MessageCodec#MAX_FRAME_BYTES}
     * for that entry, and the source also stops a chunk before an entry that would pass the frame.
     */
    int MAX_CHUNK_BYTES = 4 << 20;

    /** Send me the keys of {@code partition} after {@code after} (from the start when empty), about {@code maxBytes} of them. */
    record ChunkRequest(long transferId, int partition, Optional<Key> after, int maxBytes) implements TransferMessage {
        public ChunkRequest {
            requirePartition(partition);
            Objects.requireNonNull(after, "after");
            if (maxBytes < 1 || maxBytes > MAX_CHUNK_BYTES) {
                throw new IllegalArgumentException("chunk size must be 1 to " + MAX_CHUNK_BYTES + " bytes, was " + maxBytes);
            }
        }
    }

    /** One key of a chunk with its whole sibling set (tombstones included): never empty, since a stored key has a version. */
    record Entry(Key key, List<Versioned<Value>> siblings) {
        public Entry {
            Objects.requireNonNull(key, "key");
            siblings = List.copyOf(siblings);
            if (siblings.isEmpty()) {
                throw new IllegalArgumentException("entry for key " + key + " has no siblings; a stored key has at least one");
            }
        }
    }

    /**
     * The keys of {@code partition} following {@code after}, in key-hash order; {@code last} when none
     * follow them. The next cursor is the last entry's key. Only the last chunk may be empty.
     */
    record Chunk(long transferId, int partition, Optional<Key> after, List<Entry> entries, boolean last)
            implements TransferMessage {
        public Chunk {
            requirePartition(partition);
            Objects.requireNonNull(after, "after");
            entries = List.copyOf(entries);
            if (entries.isEmpty() && !last) {
                throw new IllegalArgumentException("an empty chunk must be the last; it says nothing follows");
            }
        }

        /** Where the next request resumes: after the last entry, or where this chunk began when it is empty. */
        public Optional<Key> next() {
            return entries.isEmpty() ? after : Optional.of(entries.get(entries.size() - 1).key());
        }
    }

    /** The source will not serve {@link ChunkRequest} {@code transferId}: ask another. */
    record Refused(long transferId, int partition, Reason reason) implements TransferMessage {
        public Refused {
            requirePartition(partition);
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Why a source refuses; each has a fixed wire code, never reused. */
    enum Reason {
        /** The source is not a holder of the partition now (or is receiving it itself). */
        NOT_SERVING(1),
        /** The partition number is outside the source's ring. */
        NO_SUCH_PARTITION(2),
        /** The next key's sibling set alone would not fit a frame; no chunk can carry it. */
        ENTRY_TOO_LARGE(3);

        private final int code;

        Reason(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        /** The reason with wire code {@code code}, or {@code null} if none has it. */
        static Reason ofCode(int code) {
            for (Reason r : values()) {
                if (r.code == code) {
                    return r;
                }
            }
            return null;
        }
    }

    private static void requirePartition(int partition) {
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0, was " + partition);
        }
    }
}
