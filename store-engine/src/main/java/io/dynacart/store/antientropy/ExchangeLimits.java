package io.dynacart.store.antientropy;

import io.dynacart.store.api.Value;
import io.dynacart.store.transport.AntiEntropyMessage.KeyDigest;
import io.dynacart.store.transport.AntiEntropyMessage.KeySiblings;
import io.dynacart.store.transport.MessageCodec;
import io.dynacart.store.versioning.Versioned;
import java.util.ArrayList;
import java.util.List;

/**
 * How much one anti-entropy message may carry. Every message stays far below
 * {@link MessageCodec#MAX_FRAME_BYTES} (8 MiB), so that an exchange never stalls a connection that
 * also carries foreground requests: at the defaults a message holds at most 4096 node hashes (about
 * 45 KiB), 256 leaves' names, or about {@code maxMessageBytes} of digests or sibling sets. The one
 * exception is a single key whose sibling set alone passes {@code maxMessageBytes}: it goes in a
 * message of its own, as replication would send it.
 *
 * @param maxNodesPerMessage node hashes in one {@code HashesRequest}
 * @param maxLeavesPerRequest leaves named in one {@code DigestsRequest}
 * @param maxKeysPerFetch keys named in one {@code Fetch}
 * @param maxMessageBytes the size a {@code DigestsReply}, {@code Siblings} or {@code Push} is cut at
 */
public record ExchangeLimits(int maxNodesPerMessage, int maxLeavesPerRequest, int maxKeysPerFetch, int maxMessageBytes) {

    public static final ExchangeLimits DEFAULT = new ExchangeLimits(4096, 256, 256, 256 << 10);

    /** What a version costs on the wire beyond its value, at most, for clocks of the usual few entries. */
    private static final int VERSION_OVERHEAD = 160;

    public ExchangeLimits {
        if (maxNodesPerMessage < MerkleTree.FANOUT || maxLeavesPerRequest < 1 || maxKeysPerFetch < 1) {
            throw new IllegalArgumentException("limits must allow a node's children, a leaf and a key a message: "
                    + maxNodesPerMessage + ", " + maxLeavesPerRequest + ", " + maxKeysPerFetch);
        }
        if (maxMessageBytes < 1024 || maxMessageBytes > MessageCodec.MAX_FRAME_BYTES / 4) {
            throw new IllegalArgumentException("maxMessageBytes must be from 1 KiB to a quarter of the frame limit, was "
                    + maxMessageBytes);
        }
    }

    /** About what {@code digest} adds to a message: its key, the hash, and length prefixes. */
    static int sizeOf(KeyDigest digest) {
        return digest.key().length() + 12;
    }

    /** About what {@code entry} adds to a message, erring large. */
    static long sizeOf(KeySiblings entry) {
        long size = entry.key().length() + 4;
        for (Versioned<Value> sibling : entry.siblings()) {
            size += VERSION_OVERHEAD + (sibling.value() instanceof Value.Bytes b ? b.length() : 0);
        }
        return size;
    }

    /** {@code entries} cut into runs of about {@code maxMessageBytes} (a larger entry alone); at least one run. */
    List<List<KeySiblings>> batches(List<KeySiblings> entries) {
        List<List<KeySiblings>> out = new ArrayList<>();
        List<KeySiblings> batch = new ArrayList<>();
        long bytes = 0;
        for (KeySiblings entry : entries) {
            long size = sizeOf(entry);
            if (!batch.isEmpty() && bytes + size > maxMessageBytes) {
                out.add(batch);
                batch = new ArrayList<>();
                bytes = 0;
            }
            batch.add(entry);
            bytes += size;
        }
        if (!batch.isEmpty() || out.isEmpty()) {
            out.add(batch);
        }
        return out;
    }
}
