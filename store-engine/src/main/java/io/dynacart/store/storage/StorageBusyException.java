package io.dynacart.store.storage;

/**
 * The storage refused a write for now: the SQLite writer is alive but has not caught up with the
 * log for longer than writers may wait (SQLite failing and retrying, say). Nothing was written; a
 * retry after a moment may succeed.
 */
public final class StorageBusyException extends StorageException {

    public StorageBusyException(String message) {
        super(message);
    }
}
