package io.dynacart.store.storage;

/** The storage could not do what was asked (disk, SQLite or log failure); the message says why. */
public class StorageException extends RuntimeException {

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageException(String message) {
        super(message);
    }
}
