package io.dynacart.store.transport;

import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
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

    /**
     * Store {@code siblings} (merge them into yours) and acknowledge: once stored as your durability
     * mode says, or, when {@code durable}, once they are on disk (the one durable replica of a put,
     * paper section 6.1; see {@code storage.Durability#ONE}).
     */
    record Write(long requestId, Key key, List<Versioned<Value>> siblings, boolean durable)
            implements ReplicationMessage {
        public Write {
            Objects.requireNonNull(key, "key");
            siblings = List.copyOf(siblings);
        }

        /** A write acknowledged as the receiver's durability mode says. */
        public Write(long requestId, Key key, List<Versioned<Value>> siblings) {
            this(requestId, key, siblings, false);
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

    /**
     * The sender could not carry out the {@link Write}, {@link HintedWrite} or {@link Read}
     * {@code requestId}: its storage failed. The coordinator counts the sender as failed at once, as it
     * would one it cannot reach, instead of waiting out its silence.
     */
    record ReplicaFailed(long requestId) implements ReplicationMessage {
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

    /**
     * The forwarded put was refused before anything was written: the request itself is wrong for the
     * key (a context past the clock limits, a sibling cap it would pass), so no other primary is
     * tried and the client gets the same error a put at the coordinator would have given it.
     * {@code detail} is that error's message, kept to printable ASCII of at most
     * {@value #MAX_DETAIL_CHARS} characters (others become {@code ?}, the rest is cut).
     */
    record ForwardPutRefused(long requestId, Refusal refusal, String detail) implements ReplicationMessage {

        public static final int MAX_DETAIL_CHARS = 1024;

        public ForwardPutRefused {
            Objects.requireNonNull(refusal, "refusal");
            Objects.requireNonNull(detail, "detail");
            StringBuilder clean = new StringBuilder(Math.min(detail.length(), MAX_DETAIL_CHARS));
            for (int i = 0; i < detail.length() && clean.length() < MAX_DETAIL_CHARS; i++) {
                char c = detail.charAt(i);
                clean.append(c >= 0x20 && c < 0x7F ? c : '?');
            }
            detail = clean.toString();
        }

        /** Why a forwarded put was refused; each maps to one typed error of the API. */
        public enum Refusal {
            /** The context names a counter past the clock limits ({@code ClockLimitException}, HTTP 400). */
            CLOCK_LIMIT(1),
            /** The key would have more siblings than the cap ({@code TooManySiblingsException}, HTTP 409). */
            TOO_MANY_SIBLINGS(2),
            /** The key's siblings would pass the byte cap ({@code SiblingsTooLargeException}, HTTP 413). */
            SIBLINGS_TOO_LARGE(3);

            private final int code;

            Refusal(int code) {
                this.code = code;
            }

            public int code() {
                return code;
            }

            /** The refusal with wire code {@code code}, or {@code null} if none has it. */
            static Refusal ofCode(int code) {
                for (Refusal r : values()) {
                    if (r.code == code) {
                        return r;
                    }
                }
                return null;
            }
        }
    }
}
