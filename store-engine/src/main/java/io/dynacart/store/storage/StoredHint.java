package io.dynacart.store.storage;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Versioned;
import java.util.List;
import java.util.Objects;

/** The versions of {@code key} a node keeps for {@code intendedFor} until it can hand them over. */
public record StoredHint(NodeId intendedFor, Key key, List<Versioned<Value>> siblings) {

    public StoredHint {
        Objects.requireNonNull(intendedFor, "intendedFor");
        Objects.requireNonNull(key, "key");
        siblings = List.copyOf(siblings);
    }
}
