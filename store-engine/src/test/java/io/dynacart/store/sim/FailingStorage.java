package io.dynacart.store.sim;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.storage.ForwardingStorage;
import io.dynacart.store.storage.Hints;
import io.dynacart.store.storage.Merged;
import io.dynacart.store.storage.Storage;
import io.dynacart.store.storage.StorageFailedException;
import io.dynacart.store.versioning.Versioned;
import java.util.List;

/**
 * A storage whose key data the test can break: once {@linkplain #fail() failing}, every read and
 * write of a key throws, as a storage whose disk is gone does. Hints are left alone. The fault a
 * test injects on purpose.
 */
final class FailingStorage extends ForwardingStorage {

    private boolean failing;

    FailingStorage(Storage inner) {
        super(inner);
    }

    /** From now on, every read and write of a key throws. */
    void fail() {
        failing = true;
    }

    private void check() {
        if (failing) {
            throw new StorageFailedException("the disk is gone (injected by the test)", null);
        }
    }

    @Override
    public List<Versioned<Value>> get(Key key) {
        check();
        return delegate.get(key);
    }

    @Override
    public List<Versioned<Value>> put(Key key, Versioned<Value> version) {
        check();
        return delegate.put(key, version);
    }

    @Override
    public List<Versioned<Value>> merge(Key key, List<Versioned<Value>> versions) {
        check();
        return delegate.merge(key, versions);
    }

    @Override
    public Merged mergeNoWait(Key key, List<Versioned<Value>> versions, boolean forced) {
        check();
        return delegate.mergeNoWait(key, versions, forced);
    }

}
