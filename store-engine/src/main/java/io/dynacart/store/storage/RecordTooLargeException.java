package io.dynacart.store.storage;

/**
 * A sibling set too large for one append-log record ({@link LogRecord#MAX_SIBLINGS_BYTES}): it is
 * refused before anything is appended, so every acknowledged write can be replayed. The sibling caps
 * of the request path keep every set far below this (see {@code coordinator.SiblingLimits}); meeting
 * it means they were bypassed.
 */
public final class RecordTooLargeException extends StorageException {

    RecordTooLargeException(long bytes) {
        super("the key's siblings would take " + bytes + " bytes in the append log, past its record limit of "
                + LogRecord.MAX_SIBLINGS_BYTES + " bytes; nothing was written");
    }
}
