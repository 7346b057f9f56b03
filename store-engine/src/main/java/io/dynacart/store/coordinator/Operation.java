package io.dynacart.store.coordinator;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.transport.ReplicationMessage;

/** A request in flight at its coordinator: what {@link Operations} routes answers and transport news to. */
sealed interface Operation permits PutOperation, GetOperation, ForwardedPut, KeyRepair {

    /** An answer carrying this operation's request id; one of another kind is ignored. */
    void answer(NodeId from, ReplicationMessage message);

    /** The transport could not connect to {@code peer}. */
    void unreachable(NodeId peer);

    /** Whether the operation reached a final state. */
    boolean finished();
}
