package io.dynacart.store.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.storage.MemoryStorage;
import io.dynacart.store.storage.StoredKey;
import io.dynacart.store.transport.MessageCodec;
import io.dynacart.store.transport.TransferMessage.Chunk;
import io.dynacart.store.transport.TransferMessage.ChunkRequest;
import io.dynacart.store.transport.TransferMessage.Reason;
import io.dynacart.store.transport.TransferMessage;
import io.dynacart.store.versioning.Dot;
import io.dynacart.store.versioning.DottedVersionVector;
import io.dynacart.store.versioning.VectorClock;
import io.dynacart.store.versioning.Versioned;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link TransferSource}: bounded chunks, in scan order, resumable after any key; refusals. */
class TransferSourceTest {

    private static final PartitionId P = PartitionId.of(3);
    private final MemoryStorage storage = new MemoryStorage(TransferData.PARTITIONER);
    private final TransferSource source = new TransferSource(storage, p -> !p.equals(PartitionId.of(5)));

    @Test
    void chunksFollowingEachOtherCoverEveryKeyOnceInScanOrderEachAtMostMaxBytesPlusOneEntry() {
        TransferData.fillSource(storage, TransferData.keysIn(P, 500, "k"), new SplittableRandom(1));
        TransferData.fillSource(storage, TransferData.keysIn(PartitionId.of(2), 50, "x"), new SplittableRandom(2));
        List<Key> inScanOrder = new ArrayList<>();
        storage.scan(P, (StoredKey k) -> inScanOrder.add(k.key()));
        int maxBytes = 3_000;

        List<Key> sent = new ArrayList<>();
        Optional<Key> cursor = Optional.empty();
        Chunk chunk;
        do {
            chunk = (Chunk) source.answer(new ChunkRequest(7, P.index(), cursor, maxBytes));
            long bytes = 0;
            long largest = 0;
            for (TransferMessage.Entry e : chunk.entries()) {
                long size = ChunkRules.sizeOf(e.key(), e.siblings());
                bytes += size;
                largest = Math.max(largest, size);
                sent.add(e.key());
            }
            assertThat(bytes).as("a chunk holds at most maxBytes plus one entry").isLessThan(maxBytes + largest);
            if (!chunk.last()) {
                assertThat(bytes).as("a chunk that is not the last is full").isGreaterThanOrEqualTo(maxBytes);
            }
            assertThat(chunk.after()).as("a chunk echoes its cursor").isEqualTo(cursor);
            cursor = chunk.next();
        } while (!chunk.last());

        assertThat(sent).isEqualTo(inScanOrder);
    }

    @Test
    void anEntryLargerThanMaxBytesStillGoesAloneSoEveryChunkMakesProgress() {
        TransferData.fillSource(storage, TransferData.keysIn(P, 3, "k"), new SplittableRandom(1));
        Chunk chunk = (Chunk) source.answer(new ChunkRequest(7, P.index(), Optional.empty(), 1));
        assertThat(chunk.entries()).hasSize(1);
        assertThat(chunk.last()).isFalse();
    }

    @Test
    void aCursorKeyTheSourceDoesNotHoldResumesAtTheNextKeyInScanOrder() {
        List<Key> keys = TransferData.keysIn(P, 20, "k");
        TransferData.fillSource(storage, keys, new SplittableRandom(1));
        List<Key> inScanOrder = new ArrayList<>();
        storage.scan(P, (StoredKey k) -> inScanOrder.add(k.key()));
        Key notHere = inScanOrder.get(9);
        MemoryStorage other = new MemoryStorage(TransferData.PARTITIONER);
        TransferData.fillSource(other, keys.stream().filter(k -> !k.equals(notHere)).toList(), new SplittableRandom(1));

        Chunk chunk = (Chunk) new TransferSource(other, p -> true)
                .answer(new ChunkRequest(7, P.index(), Optional.of(notHere), 1 << 20));

        assertThat(chunk.entries()).extracting(TransferMessage.Entry::key).isEqualTo(inScanOrder.subList(10, 20));
        assertThat(chunk.last()).isTrue();
    }

    @Test
    void anEmptyPartitionIsOneEmptyLastChunk() {
        Chunk chunk = (Chunk) source.answer(new ChunkRequest(7, P.index(), Optional.empty(), 100));
        assertThat(chunk.entries()).isEmpty();
        assertThat(chunk.last()).isTrue();
    }

    @Test
    void aPartitionOutsideTheRingOrNotServedIsRefused() {
        assertThat(source.answer(new ChunkRequest(7, 8, Optional.empty(), 100)))
                .isEqualTo(new TransferMessage.Refused(7, 8, Reason.NO_SUCH_PARTITION));
        assertThat(source.answer(new ChunkRequest(7, 5, Optional.empty(), 100)))
                .isEqualTo(new TransferMessage.Refused(7, 5, Reason.NOT_SERVING));
    }

    @Test
    void chunksOfNearMaximalEntriesStillFitAFrame() {
        List<Key> keys = TransferData.keysIn(P, 3, "big");
        for (Key key : keys) {
            storage.merge(key, siblingsOf(4, 1_040_000));
        }
        Optional<Key> cursor = Optional.empty();
        Chunk chunk;
        int chunks = 0;
        do {
            chunk = (Chunk) source.answer(new ChunkRequest(7, P.index(), cursor, TransferMessage.MAX_CHUNK_BYTES));
            assertThat(MessageCodec.encode(chunk).length).as("chunk %d encodes within the frame limit", chunks)
                    .isLessThanOrEqualTo(MessageCodec.MAX_FRAME_BYTES);
            cursor = chunk.next();
            chunks++;
        } while (!chunk.last());
        assertThat(chunks).isEqualTo(2);
    }

    @Test
    void aKeyWhoseSiblingsAloneExceedAFrameIsRefusedNotSent() {
        storage.merge(TransferData.keysIn(P, 1, "huge").get(0), siblingsOf(9, Value.MAX_BYTES));
        assertThat(source.answer(new ChunkRequest(7, P.index(), Optional.empty(), 100)))
                .isEqualTo(new TransferMessage.Refused(7, P.index(), Reason.ENTRY_TOO_LARGE));
    }

    /** {@code count} mutually concurrent siblings of {@code size} bytes each. */
    private static List<Versioned<Value>> siblingsOf(int count, int size) {
        List<Versioned<Value>> siblings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            siblings.add(new Versioned<>(new DottedVersionVector(new Dot(NodeId.of("w" + i), 1, 0), VectorClock.EMPTY),
                    Value.of(new byte[size])));
        }
        return siblings;
    }
}
