package io.dynacart.store.handoff;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.storage.Durability;
import io.dynacart.store.storage.ForwardingStorage;
import io.dynacart.store.storage.MemoryStorage;
import io.dynacart.store.storage.Merged;
import io.dynacart.store.versioning.Versioned;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link MemoryStorage} whose disk flush the test holds: every write is stored at once (reads see
 * it) but is durable only when the test {@linkplain #flush() flushes}, or never if it {@linkplain
 * #breakDisk() breaks the disk}. The fault a test injects on purpose: a slow or failing fsync.
 */
final class HeldDiskStorage extends ForwardingStorage {

    private CompletableFuture<Void> disk = new CompletableFuture<>();

    HeldDiskStorage(MemoryStorage inner) {
        super(inner);
    }

    /** Makes every write so far durable. */
    void flush() {
        disk.complete(null);
        disk = new CompletableFuture<>();
    }

    /** Fails every write so far: it will never be durable. */
    void breakDisk() {
        disk.completeExceptionally(new IllegalStateException("fdatasync failed (injected by the test)"));
        disk = new CompletableFuture<>();
    }

    @Override
    public Merged mergeNoWait(Key key, List<Versioned<Value>> versions, boolean forced) {
        return new Merged(delegate.merge(key, versions), disk);
    }

    @Override
    public List<Versioned<Value>> put(Key key, Versioned<Value> version) {
        return mergeNoWait(key, List.of(version), false).awaitDurable();
    }

    @Override
    public List<Versioned<Value>> merge(Key key, List<Versioned<Value>> versions) {
        return mergeNoWait(key, versions, false).awaitDurable();
    }

    @Override
    public Durability durability() {
        return Durability.FSYNC;
    }
}
