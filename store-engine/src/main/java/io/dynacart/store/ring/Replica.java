package io.dynacart.store.ring;

import io.dynacart.store.identity.NodeId;
import java.util.Objects;

/**
 * Where one copy of a write goes under the sloppy quorum: to a {@link Primary}, one of the key's
 * first N distinct nodes, or to a {@link Fallback} standing in for an unreachable primary, which keeps
 * the copy with a hint naming {@code intendedFor} and hands it back when that node returns.
 */
public sealed interface Replica permits Replica.Primary, Replica.Fallback {

    /** The node that receives this copy. */
    NodeId node();

    /** A copy on one of the key's own first N nodes. */
    record Primary(NodeId node) implements Replica {
        public Primary {
            Objects.requireNonNull(node, "node");
        }
    }

    /** A copy on {@code node}, held for the unreachable primary {@code intendedFor}. */
    record Fallback(NodeId node, NodeId intendedFor) implements Replica {
        public Fallback {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(intendedFor, "intendedFor");
            if (node.equals(intendedFor)) {
                throw new IllegalArgumentException("a fallback cannot stand in for itself: " + node);
            }
        }
    }
}
