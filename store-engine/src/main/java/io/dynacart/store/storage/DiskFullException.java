package io.dynacart.store.storage;

/** The disk has no room for what was asked (a backup snapshot); nothing was left behind. */
public final class DiskFullException extends StorageException {

    public DiskFullException(String message) {
        super(message);
    }
}
