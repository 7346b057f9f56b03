package io.dynacart.store.clientwire;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.Versioned;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a node answers, each under the id of the request it answers ({@link ClientProtocol#CONNECTION_ID}
 * for a failure of the connection itself: a frame too large, a missing or wrong HELLO).
 */
public sealed interface ClientResponse {

    long id();

    /** The answer to HELLO: the connection is ready; {@code node} names the node answering. */
    record Welcome(long id, int version, NodeId node) implements ClientResponse {
        public Welcome {
            Objects.requireNonNull(node, "node");
        }
    }

    /**
     * The answer to GET, found or not (no value among the siblings): every sibling with its exact
     * version, deletes as tombstones, the context for the next write, whether only fallbacks
     * answered (as HTTP's {@code fallbacksOnly}), and the primary that replied first to the read's
     * coordinator (protocol version 2; empty when not known or not spoken).
     */
    record Found(long id, Context context, List<Versioned<Value>> siblings, boolean fallbacksOnly,
                 Optional<NodeId> fastestReplica) implements ClientResponse {
        public Found {
            Objects.requireNonNull(context, "context");
            siblings = List.copyOf(siblings);
            Objects.requireNonNull(fastestReplica, "fastestReplica");
        }

        /** A FOUND that names no fastest replica (as version 1 has it). */
        public Found(long id, Context context, List<Versioned<Value>> siblings, boolean fallbacksOnly) {
            this(id, context, siblings, fallbacksOnly, Optional.empty());
        }

        /** This answer as a client speaking {@code version} may receive it. */
        public Found forVersion(int version) {
            return version >= ClientProtocol.FASTEST_REPLICA_VERSION || fastestReplica.isEmpty() ? this
                    : new Found(id, context, siblings, fallbacksOnly);
        }
    }

    /** A put or delete applied: the context of the version it wrote. */
    record Written(long id, Context context) implements ClientResponse {
        public Written {
            Objects.requireNonNull(context, "context");
        }
    }

    /**
     * A refused or failed request, or connection: the kind (with the HTTP status of the same
     * meaning), a message naming the problem, the nodes a quorum lacked (QUORUM_NOT_REACHED only)
     * and how long to wait before retrying (OVERLOADED only, else 0).
     */
    record Failure(long id, ErrorCode code, String message, List<NodeId> missing, int retryAfterSeconds)
            implements ClientResponse {
        public Failure {
            Objects.requireNonNull(code, "code");
            message = ClientProtocol.clip(Objects.requireNonNull(message, "message"));
            missing = List.copyOf(missing.subList(0, Math.min(missing.size(), ClientProtocol.MAX_MISSING)));
            if (retryAfterSeconds < 0) {
                throw new IllegalArgumentException("retry-after must be >= 0, was " + retryAfterSeconds);
            }
        }

        public static Failure of(long id, ErrorCode code, String message) {
            return new Failure(id, code, message, List.of(), 0);
        }
    }
}
