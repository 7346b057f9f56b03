package io.dynacart.store.antientropy;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.versioning.Versioned;

/**
 * Whether a version of a key has expired (its namespace's ttl has passed since its write): an expired
 * version is as dead as a tombstone, so tombstone collection reclaims a key whose every version is
 * one or the other, by the same rules.
 */
@FunctionalInterface
public interface Expiry {

    /** Nothing expires. */
    Expiry NEVER = (key, version, nowMillis) -> false;

    boolean expired(Key key, Versioned<Value> version, long nowMillis);
}
