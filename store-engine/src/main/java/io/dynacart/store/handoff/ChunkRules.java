package io.dynacart.store.handoff;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.ring.Partitioner;
import io.dynacart.store.storage.SiblingCodec;
import io.dynacart.store.transport.MessageCodec;
import io.dynacart.store.transport.TransferMessage;
import io.dynacart.store.versioning.Versioned;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What a chunk is, agreed by both ends and kept apart from the waiting: how an entry is measured,
 * how the source fills a chunk, and what the receiver checks before it merges anything.
 *
 * <p>Entries are measured as storage counts them ({@code PartitionStats.bytes}: key plus encoded
 * siblings), which is within a few bytes of their wire form; {@link #FRAME_BUDGET} leaves room for
 * those bytes and the chunk's other fields under {@link MessageCodec#MAX_FRAME_BYTES}.
 */
final class ChunkRules {

    /** What a chunk's entries may add up to so that the frame stays under the codec's limit. */
    static final long FRAME_BUDGET = MessageCodec.MAX_FRAME_BYTES - (64 << 10);
    /** Wire bytes an entry may take beyond its measured size (the key's length prefix), counted against the budget. */
    static final int ENTRY_OVERHEAD = 8;

    /** The scan order of storage: key hash, then key bytes. */
    static final Comparator<Position> ORDER = Comparator.comparing(Position::hash).thenComparing(Position::key);

    /** Where a key sits in the scan. */
    record Position(KeyHash hash, Key key) {
        static Position of(Key key) {
            return new Position(KeyHash.of(key), key);
        }
    }

    private ChunkRules() {
    }

    /** The bytes an entry counts for: the key and its siblings as stored. */
    static long sizeOf(Key key, List<Versioned<Value>> siblings) {
        return key.length() + (long) SiblingCodec.encode(siblings).length;
    }

    /**
     * Whether an entry of {@code size} joins a chunk that holds {@code filled} bytes in {@code count}
     * entries: the first always does (a chunk makes progress), later ones while the chunk is under
     * {@code maxBytes} and the frame has room. So a chunk holds at most maxBytes plus one entry.
     */
    static boolean fits(long filled, int count, long size, int maxBytes) {
        if (count == 0) {
            return true;
        }
        return filled < maxBytes && filled + size + (long) (count + 1) * ENTRY_OVERHEAD <= FRAME_BUDGET;
    }

    /** Whether one entry alone passes the frame: no chunk can carry it. */
    static boolean tooLargeAlone(long size) {
        return size + ENTRY_OVERHEAD > FRAME_BUDGET;
    }

    /**
     * Why the receiver must not merge {@code chunk}, asked for {@code partition} after {@code cursor};
     * empty when it is sound: it answers this request (same partition, same cursor), and its entries
     * belong to the partition, come strictly after the cursor in scan order, and hold no value over
     * the store's limit. A chunk is merged whole or not at all.
     */
    static Optional<String> problemWith(TransferMessage.Chunk chunk, PartitionId partition, Optional<Key> cursor,
                                        Partitioner partitioner) {
        if (chunk.partition() != partition.index()) {
            return Optional.of("chunk is for partition " + chunk.partition() + ", not " + partition);
        }
        if (!chunk.after().equals(cursor)) {
            return Optional.of("chunk continues after " + chunk.after() + ", not after " + cursor);
        }
        Position previous = cursor.map(Position::of).orElse(null);
        for (TransferMessage.Entry entry : chunk.entries()) {
            Position here = Position.of(entry.key());
            if (!partitioner.partitionOf(here.hash()).equals(partition)) {
                return Optional.of("key " + entry.key() + " is not in " + partition);
            }
            if (previous != null && ORDER.compare(previous, here) >= 0) {
                return Optional.of("key " + entry.key() + " does not follow " + previous.key() + " in key-hash order");
            }
            for (Versioned<Value> sibling : entry.siblings()) {
                if (sibling.value() instanceof Value.Bytes b && b.length() > Value.MAX_BYTES) {
                    return Optional.of("key " + entry.key() + " has a value of " + b.length() + " bytes");
                }
            }
            previous = here;
        }
        return Optional.empty();
    }
}
