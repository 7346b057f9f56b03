package io.dynacart.store.cluster;

/** A backup that cannot be written or restored as asked: incomplete, damaged, or not a backup; the message names the file. */
public final class InvalidBackupException extends RuntimeException {

    public InvalidBackupException(String message) {
        super(message);
    }
}
