package io.dynacart.store.storage;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.versioning.Versioned;
import java.util.List;
import java.util.function.Predicate;

/** Checks and comparisons every {@link Storage} applies the same way. */
final class SiblingSets {

    private SiblingSets() {
    }

    /** Rejects an oversized value before anything is written. */
    static void checkBounds(List<Versioned<Value>> versions) {
        for (Versioned<Value> v : versions) {
            if (v.value() instanceof Value.Bytes b && b.length() > Value.MAX_BYTES) {
                throw new ValueTooLargeException(b.length());
            }
        }
    }

    /**
     * The log form of {@code siblings}, refused with {@link RecordTooLargeException} when it would not
     * fit one append-log record: checked before anything is appended, so a record that is
     * acknowledged is always replayed.
     */
    static byte[] encodeForLog(List<Versioned<Value>> siblings) {
        byte[] encoded = SiblingCodec.encode(siblings);
        if (encoded.length > LogRecord.MAX_SIBLINGS_BYTES) {
            throw new RecordTooLargeException(encoded.length);
        }
        return encoded;
    }

    /** The stored size of a key with these siblings: what {@link PartitionStats#bytes()} counts. */
    static long storedBytes(Key key, byte[] encodedSiblings) {
        return key.length() + encodedSiblings.length;
    }

    /** Whether {@code siblings} are all tombstones or {@code expired} (and there is at least one). */
    static boolean allDead(List<Versioned<Value>> siblings, Predicate<Versioned<Value>> expired) {
        return !siblings.isEmpty()
                && siblings.stream().allMatch(v -> v.value() instanceof Value.Tombstone || expired.test(v));
    }
}
