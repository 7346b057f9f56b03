package io.dynacart.store.storage;

/**
 * Where a record sits in the append log: the log's generation (a new one starts each time the
 * storage opens) and Chronicle's index within it. {@link #NONE} means "before the first record".
 */
record LogPosition(long generation, long index) {

    static final long NO_INDEX = -1;
    static final LogPosition NONE = new LogPosition(0, NO_INDEX);

    boolean isBefore(long otherGeneration, long otherIndex) {
        return generation < otherGeneration || (generation == otherGeneration && index < otherIndex);
    }
}
