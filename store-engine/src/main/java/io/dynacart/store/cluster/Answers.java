package io.dynacart.store.cluster;

import io.dynacart.store.api.QuorumNotReachedException;
import io.dynacart.store.api.SiblingsTooLargeException;
import io.dynacart.store.api.TooManySiblingsException;
import io.dynacart.store.api.UnknownNamespaceException;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node's error answer (an HTTP status, or the client protocol's error code with the same status)
 * as the exception a local {@code KvStore} would have thrown, the same whichever way it came.
 */
final class Answers {

    private static final Pattern QUORUM = Pattern.compile("(\\w+) needed (\\d{1,9}) replicas but (\\d{1,9}) answered");

    private Answers() {
    }

    /**
     * 404 a namespace the node does not know, 503 a quorum not reached (or a node stopping, overloaded), 409 and 413 a put past the key's
     * sibling caps, other 4xx an {@link IllegalArgumentException} with the node's message, anything
     * else an {@link IllegalStateException} naming the status.
     */
    static RuntimeException failure(int status, String message, List<NodeId> missing, Key key) {
        if (status == 404) {
            return new UnknownNamespaceException(key.namespace());
        }
        if (status == 503) {
            return quorum(message, missing);
        }
        if (status == 409) {
            return new TooManySiblingsException(message);
        }
        if (status == 413) {
            return new SiblingsTooLargeException(message);
        }
        if (status >= 400 && status < 500) {
            return new IllegalArgumentException(message);
        }
        return new IllegalStateException("the store answered " + status + ": " + message);
    }

    /** The node's words ("put needed 2 replicas but 1 answered in time; ...") as the exception that said them. */
    private static QuorumNotReachedException quorum(String message, List<NodeId> missing) {
        Matcher m = QUORUM.matcher(message == null ? "" : message);
        if (m.lookingAt()) {
            return new QuorumNotReachedException(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    missing);
        }
        return new QuorumNotReachedException(message == null || message.isBlank()
                ? "the node answered 503 (unavailable): no quorum" : message, missing);
    }
}
