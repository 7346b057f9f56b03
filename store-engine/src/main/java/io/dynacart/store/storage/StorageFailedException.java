package io.dynacart.store.storage;

/**
 * The storage failed for good: one of its threads (the SQLite writer, the log syncer) died. It
 * takes no more writes until the node restarts; every write acknowledged before is safe in the
 * append log and is replayed then. The message names the thread and the cause.
 */
public final class StorageFailedException extends StorageException {

    public StorageFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
