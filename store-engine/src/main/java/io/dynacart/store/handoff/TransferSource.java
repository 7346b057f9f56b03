package io.dynacart.store.handoff;

import io.dynacart.store.identity.Key;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.storage.Storage;
import io.dynacart.store.storage.StoredKey;
import io.dynacart.store.transport.TransferMessage;
import io.dynacart.store.transport.TransferMessage.ChunkRequest;
import io.dynacart.store.transport.TransferMessage.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The source side of partition transfer: answers a {@link ChunkRequest} with the partition's next
 * keys after the request's cursor, or refuses. It keeps no state between requests, so a receiver may
 * retry, resume after any chunk, or switch sources, and a source may restart, without either side
 * cleaning anything up.
 *
 * <p>Cost: {@link Storage#scan} has no starting point, so each request scans the partition from its
 * first key and skips up to the cursor; a partition of K keys sent in C chunks costs about K * C / 2
 * key visits. At the default 256 partitions a node of a few million keys holds some ten thousand per
 * partition, a few dozen chunks: some hundred thousand visits per partition, each a comparison.
 * A scan that starts at a key would make it linear; add one to {@code Storage} when partitions grow.
 */
public final class TransferSource {

    private final Storage storage;
    private final Predicate<PartitionId> serves;

    /** Serves the partitions {@code serves} accepts (those this node holds now) from {@code storage}. */
    public TransferSource(Storage storage, Predicate<PartitionId> serves) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.serves = Objects.requireNonNull(serves, "serves");
    }

    /** A {@link TransferMessage.Chunk} for {@code request}, or a {@link TransferMessage.Refused}. */
    public TransferMessage answer(ChunkRequest request) {
        return refusal(request).<TransferMessage>map(r -> r).orElseGet(() -> chunk(request));
    }

    /** Why this source refuses {@code request} outright, if it does: on the loop, where {@code serves} may look. */
    public Optional<TransferMessage.Refused> refusal(ChunkRequest request) {
        if (request.partition() >= storage.partitioner().partitionCount()) {
            return Optional.of(refuse(request, Reason.NO_SUCH_PARTITION));
        }
        if (!serves.test(PartitionId.of(request.partition()))) {
            return Optional.of(refuse(request, Reason.NOT_SERVING));
        }
        return Optional.empty();
    }

    /**
     * The chunk for {@code request} that {@link #refusal} found nothing against (or a refusal for an
     * entry too large to send): a scan of the partition, which may block, so callable from any thread.
     */
    public TransferMessage chunk(ChunkRequest request) {
        PartitionId partition = PartitionId.of(request.partition());
        Filler filler = new Filler(request.after(), request.maxBytes());
        storage.scan(partition, filler);
        if (filler.tooLarge) {
            return refuse(request, Reason.ENTRY_TOO_LARGE);
        }
        return new TransferMessage.Chunk(request.transferId(), request.partition(), request.after(), filler.entries,
                !filler.more);
    }

    private static TransferMessage.Refused refuse(ChunkRequest request, Reason reason) {
        return new TransferMessage.Refused(request.transferId(), request.partition(), reason);
    }

    /** Visits the scan: skips to the cursor, takes entries while they fit, then notes whether more follow. */
    private static final class Filler implements Consumer<StoredKey> {
        private final ChunkRules.Position cursor;
        private final int maxBytes;
        private final List<TransferMessage.Entry> entries = new ArrayList<>();
        private long filled;
        private boolean more;
        private boolean tooLarge;

        Filler(Optional<Key> after, int maxBytes) {
            this.cursor = after.map(ChunkRules.Position::of).orElse(null);
            this.maxBytes = maxBytes;
        }

        @Override
        public void accept(StoredKey stored) {
            if (more || tooLarge || stored.siblings().isEmpty() || !pastCursor(stored)) {
                return;
            }
            long size = ChunkRules.sizeOf(stored.key(), stored.siblings());
            if (!ChunkRules.fits(filled, entries.size(), size, maxBytes)) {
                more = true;
            } else if (ChunkRules.tooLargeAlone(size)) {
                tooLarge = true;
            } else {
                entries.add(new TransferMessage.Entry(stored.key(), stored.siblings()));
                filled += size;
            }
        }

        private boolean pastCursor(StoredKey stored) {
            return cursor == null
                    || ChunkRules.ORDER.compare(new ChunkRules.Position(stored.hash(), stored.key()), cursor) > 0;
        }
    }
}
