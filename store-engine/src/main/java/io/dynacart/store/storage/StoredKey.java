package io.dynacart.store.storage;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.versioning.Versioned;
import java.util.List;

/** One key as a partition scan sees it: the key, its hash (the scan order) and its siblings. */
public record StoredKey(Key key, KeyHash hash, List<Versioned<Value>> siblings) {

    public StoredKey {
        siblings = List.copyOf(siblings);
    }
}
