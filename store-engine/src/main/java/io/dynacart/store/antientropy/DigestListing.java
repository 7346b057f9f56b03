package io.dynacart.store.antientropy;

import io.dynacart.store.transport.AntiEntropyMessage.DigestsReply;
import io.dynacart.store.transport.AntiEntropyMessage.KeyDigest;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The peer's digests of the leaves of one {@code DigestsRequest}, gathered from chunks that may
 * arrive in any order, or twice. Complete when every chunk the first one announced has come.
 */
final class DigestListing {

    /** The most chunks one reply may announce; a leaf list this long would pass any partition. */
    static final int MAX_CHUNKS = 1 << 16;

    private final List<Integer> leaves;
    private final BitSet chunks = new BitSet();
    private final List<KeyDigest> entries = new ArrayList<>();
    private int total = -1;

    DigestListing(List<Integer> leaves) {
        this.leaves = List.copyOf(leaves);
    }

    List<Integer> leaves() {
        return leaves;
    }

    List<KeyDigest> entries() {
        return entries;
    }

    /** Takes a chunk; false for a duplicate, or one that contradicts the chunk count heard first. */
    boolean add(DigestsReply reply) {
        if ((total >= 0 && reply.chunks() != total) || reply.chunks() > MAX_CHUNKS || chunks.get(reply.chunk())) {
            return false;
        }
        total = reply.chunks();
        chunks.set(reply.chunk());
        entries.addAll(reply.entries());
        return true;
    }

    boolean complete() {
        return chunks.cardinality() == total;
    }
}
