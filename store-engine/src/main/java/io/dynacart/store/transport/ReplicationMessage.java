package io.dynacart.store.transport;

import io.dynacart.store.api.Quorum;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.storage.Value;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.Versioned;
import java.util.List;
import java.util.Objects;

/**
 * Between a request's coordinator and the key's replicas (paper, sections 4.5 and 4.6). Writes
 * always carry the sender's whole sibling set for the key, never a lone version (see
 * {@code DottedVersionVector}: a lone version could make a replica hand out a context that erases
 * an unseen sibling).
 */
public sealed interface ReplicationMessage extends Message {

    /** Store {@code siblings} (merge them into yours) and acknowledge. */
    record Write(long requestId, Key key, List<Versioned<Value>> siblings) implements ReplicationMessage {
        public Write {
            Objects.requireNonNull(key, "key");
            siblings = List.copyOf(siblings);
        }
    }

    /** Sloppy quorum: keep {@code siblings} as a hint for the unreachable {@code intendedFor}, and acknowledge. */
    record HintedWrite(long requestId, NodeId intendedFor, Key key, List<Versioned<Value>> siblings)
            implements ReplicationMessage {
        public HintedWrite {
            Objects.requireNonNull(intendedFor, "intendedFor");
            Objects.requireNonNull(key, "key");
            siblings = List.copyOf(siblings);
        }
    }

    /** The {@link Write} or {@link HintedWrite} {@code requestId} is durable on the sender. */
    record WriteAck(long requestId) implements ReplicationMessage {
    }

    /** Send me your siblings of {@code key}. */
    record Read(long requestId, Key key) implements ReplicationMessage {
        public Read {
            Objects.requireNonNull(key, "key");
        }
    }

    /** The sender's siblings for the key of {@link Read} {@code requestId} (hints it holds included). */
    record ReadReply(long requestId, List<Versioned<Value>> siblings) implements ReplicationMessage {
        public ReadReply {
            siblings = List.copyOf(siblings);
        }
    }

    /** Read repair: merge {@code siblings} into yours; no answer. */
    record Repair(Key key, List<Versioned<Value>> siblings) implements ReplicationMessage {
        public Repair {
            Objects.requireNonNull(key, "key");
            siblings = List.copyOf(siblings);
        }
    }

    /**
     * A put received by a node outside the key's first N, handed to one inside it, which coordinates
     * it (so the version's clock grows by a replica's counter). {@code value} is a tombstone for a delete.
     */
    record ForwardPut(long requestId, Key key, Context context, Value value, Quorum quorum) implements ReplicationMessage {
        public ForwardPut {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(context, "context");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(quorum, "quorum");
        }
    }

    /**
     * The primary got the {@link ForwardPut} {@code requestId} and coordinates it: the forwarder now
     * waits for its outcome instead of taking the put over.
     */
    record ForwardPutAccepted(long requestId) implements ReplicationMessage {
    }

    /** The forwarded put succeeded; {@code context} is the new version's. */
    record ForwardPutDone(long requestId, Context context) implements ReplicationMessage {
        public ForwardPutDone {
            Objects.requireNonNull(context, "context");
        }
    }

    /** The forwarded put did not reach its write quorum. */
    record ForwardPutFailed(long requestId, int required, int answered, List<NodeId> missing)
            implements ReplicationMessage {
        public ForwardPutFailed {
            missing = List.copyOf(missing);
        }
    }
}
