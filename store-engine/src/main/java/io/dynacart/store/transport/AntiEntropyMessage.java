package io.dynacart.store.transport;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.versioning.Versioned;
import java.util.List;
import java.util.Objects;

/**
 * Anti-entropy (paper, section 4.7): an initiator compares the Merkle tree of one partition with a
 * peer's, level by level, then moves only the keys that differ. The initiator asks, the responder
 * answers; every message names the initiator's session and the partition, so the responder keeps no
 * state between messages.
 *
 * <pre>
 *   initiator                                   responder
 *   HashesRequest(level, my hashes)   ------&gt;
 *                                     &lt;------   HashesReply(indexes that differ)     (levels 0..depth)
 *   DigestsRequest(differing leaves)  ------&gt;
 *                                     &lt;------   DigestsReply(key, entry hash)*        (chunked)
 *   Fetch(keys I lack or differ on)   ------&gt;
 *                                     &lt;------   Siblings(key, whole sibling set)*
 *   Push(keys you lack or differ on)  ------&gt;
 *                                     &lt;------   PushAck
 *   any request                       ------&gt;
 *                                     &lt;------   Decline (not my partition, or another tree shape)
 * </pre>
 */
public sealed interface AntiEntropyMessage extends Message {

    /** The initiator's id for the exchange; replies carry it back. */
    long sessionId();

    /** The index of the partition whose trees are compared. */
    int partition();

    /** One tree node's hash: {@code index} counts the nodes of its level from 0, left to right. */
    record NodeHash(int index, long hash) {
        public NodeHash {
            requireNonNegative(index, "node index");
        }
    }

    /** A key and its entry hash: what a leaf lists. */
    record KeyDigest(Key key, long entryHash) {
        public KeyDigest {
            Objects.requireNonNull(key, "key");
        }
    }

    /** A key's whole sibling set (never a lone version); empty when the sender holds nothing for it. */
    record KeySiblings(Key key, List<Versioned<Value>> siblings) {
        public KeySiblings {
            Objects.requireNonNull(key, "key");
            siblings = List.copyOf(siblings);
        }
    }

    /**
     * My hashes of these nodes of {@code level} (0 is the root) in a tree {@code depth} levels deep:
     * which differ from yours? {@code requestId} (unique within the session) names the reply.
     */
    record HashesRequest(long sessionId, int partition, int requestId, int level, int depth, List<NodeHash> nodes)
            implements AntiEntropyMessage {
        public HashesRequest {
            requireNonNegative(partition, "partition");
            requireNonNegative(level, "level");
            requireNonNegative(depth, "depth");
            nodes = List.copyOf(nodes);
        }
    }

    /** The indexes, among the nodes of {@link HashesRequest} {@code requestId}, whose hashes differ here. */
    record HashesReply(long sessionId, int partition, int requestId, List<Integer> differing)
            implements AntiEntropyMessage {
        public HashesReply {
            requireNonNegative(partition, "partition");
            differing = nonNegative(differing, "differing index");
        }
    }

    /** Send me the (key, entry hash) lists of these leaves. */
    record DigestsRequest(long sessionId, int partition, int requestId, List<Integer> leaves) implements AntiEntropyMessage {
        public DigestsRequest {
            requireNonNegative(partition, "partition");
            leaves = nonNegative(leaves, "leaf");
        }
    }

    /** Chunk {@code chunk} of {@code chunks} of the entries of the leaves {@link DigestsRequest} {@code requestId} named. */
    record DigestsReply(long sessionId, int partition, int requestId, int chunk, int chunks, List<KeyDigest> entries)
            implements AntiEntropyMessage {
        public DigestsReply {
            requireNonNegative(partition, "partition");
            if (chunk < 0 || chunk >= chunks) {
                throw new IllegalArgumentException("chunk " + chunk + " is not among " + chunks + " chunks");
            }
            entries = List.copyOf(entries);
        }
    }

    /** Send me your sibling sets of these keys. */
    record Fetch(long sessionId, int partition, List<Key> keys) implements AntiEntropyMessage {
        public Fetch {
            requireNonNegative(partition, "partition");
            keys = List.copyOf(keys);
        }
    }

    /** Sibling sets a {@link Fetch} asked for; one fetch may be answered by several of these. */
    record Siblings(long sessionId, int partition, List<KeySiblings> entries) implements AntiEntropyMessage {
        public Siblings {
            requireNonNegative(partition, "partition");
            entries = List.copyOf(entries);
        }
    }

    /** Merge these sibling sets into yours (syntactic reconciliation), then acknowledge {@code requestId}. */
    record Push(long sessionId, int partition, int requestId, List<KeySiblings> entries) implements AntiEntropyMessage {
        public Push {
            requireNonNegative(partition, "partition");
            entries = List.copyOf(entries);
        }
    }

    /** The sibling sets of {@link Push} {@code requestId} are merged and durable here. */
    record PushAck(long sessionId, int partition, int requestId) implements AntiEntropyMessage {
        public PushAck {
            requireNonNegative(partition, "partition");
        }
    }

    /** I do not replicate this partition, or my tree has another shape: end the session. */
    record Decline(long sessionId, int partition) implements AntiEntropyMessage {
        public Decline {
            requireNonNegative(partition, "partition");
        }
    }

    private static void requireNonNegative(int value, String what) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " must be >= 0, was " + value);
        }
    }

    private static List<Integer> nonNegative(List<Integer> values, String what) {
        List<Integer> copy = List.copyOf(values);
        copy.forEach(v -> requireNonNegative(v, what));
        return copy;
    }
}
