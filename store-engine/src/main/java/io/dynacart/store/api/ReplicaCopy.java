package io.dynacart.store.api;

import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Versioned;
import java.util.List;
import java.util.Objects;

/**
 * What one node holds of one key, read from its own storage without asking any other node: what the
 * key explorer compares across a key's replicas ({@code GET /replica/...}, docs/HTTP-API.md).
 *
 * @param node      the node that holds it
 * @param key       the key
 * @param primary   whether the node is one of the key's primaries in the ring it has
 * @param stored    the siblings stored there as data, deletes included (empty for none)
 * @param hintedFor the nodes it keeps hints of the key for, sorted (a fallback's copies)
 * @param hinted    the siblings of those hints, reconciled (empty for none)
 */
public record ReplicaCopy(NodeId node, Key key, boolean primary, List<Versioned<Value>> stored,
                          List<NodeId> hintedFor, List<Versioned<Value>> hinted) {

    public ReplicaCopy {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(key, "key");
        stored = List.copyOf(stored);
        hintedFor = List.copyOf(hintedFor);
        hinted = List.copyOf(hinted);
    }
}
