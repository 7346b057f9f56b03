package io.dynacart.store.clientwire;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.versioning.Context;
import java.util.Objects;

/**
 * What a client sends. Every request carries the id its client chose ({@link ClientProtocol#MIN_ID}
 * and up); the answer echoes it. An R or W of {@link #NODE_DEFAULT} means the node's default.
 */
public sealed interface ClientRequest {

    /** An R or W that leaves the choice to the node, as an absent {@code ?r=} does over HTTP. */
    int NODE_DEFAULT = 0;

    /** An R or W asking for a quorum of the key's replicas in the node's zone, as {@code ?r=local} does over HTTP. */
    int LOCAL = 127;

    long id();

    /** The first frame of a connection: the protocol version, and the node's client token if it has one ("" = none). */
    record Hello(long id, int version, String token) implements ClientRequest {
        public Hello {
            ClientProtocol.requireId(id);
            Objects.requireNonNull(token, "token");
        }

        /** Hides the token, so that logging a request never leaks it. */
        @Override
        public String toString() {
            return "Hello[id=" + id + ", version=" + version + ", token=" + (token.isEmpty() ? "none" : "***") + "]";
        }
    }

    record Get(long id, Key key, int r) implements ClientRequest {
        public Get {
            ClientProtocol.requireId(id);
            Objects.requireNonNull(key, "key");
            ClientProtocol.requireQuorumField("r", r);
        }
    }

    /** A put; an empty context is a blind write. */
    record Put(long id, Key key, Context context, byte[] value, int w) implements ClientRequest {
        public Put {
            ClientProtocol.requireId(id);
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(context, "context");
            Objects.requireNonNull(value, "value");
            if (value.length > Value.MAX_BYTES) {
                throw new IllegalArgumentException("value is " + value.length + " bytes; at most " + Value.MAX_BYTES
                        + " (1 MiB) are allowed");
            }
            ClientProtocol.requireQuorumField("w", w);
        }
    }

    record Delete(long id, Key key, Context context, int w) implements ClientRequest {
        public Delete {
            ClientProtocol.requireId(id);
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(context, "context");
            ClientProtocol.requireQuorumField("w", w);
        }
    }
}
