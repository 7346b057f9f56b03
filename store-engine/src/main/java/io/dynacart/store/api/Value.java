package io.dynacart.store.api;

import io.dynacart.store.encoding.ByteWriter;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** What a sibling holds: the bytes a client wrote, or a tombstone left by a delete. */
public sealed interface Value permits Value.Bytes, Value.Tombstone {

    /** The largest value a client may write (the paper's bound): 1 MiB. */
    int MAX_BYTES = 1 << 20;

    /** The one tombstone. */
    Tombstone TOMBSTONE = new Tombstone();

    /** Bytes of a client's value, copied in and never exposed for writing. */
    static Bytes of(byte[] bytes) {
        return new Bytes(bytes.clone());
    }

    /**
     * Bytes of a value taken over without a copy: for decoders, which pass an array they have just
     * read and keep no reference to. The array must never be written again.
     */
    static Bytes adopt(byte[] fresh) {
        return new Bytes(fresh);
    }

    /** Bytes as a client wrote them. Equal by content. */
    final class Bytes implements Value {
        private final byte[] bytes;

        Bytes(byte[] owned) {
            this.bytes = owned;
        }

        public int length() {
            return bytes.length;
        }

        /** A copy of the bytes. */
        public byte[] toByteArray() {
            return bytes.clone();
        }

        /** The bytes without a copy, read-only. */
        public ByteBuffer asReadOnlyBuffer() {
            return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
        }

        /** Writes the bytes, length first, without a copy. */
        public void writeLengthPrefixedTo(ByteWriter out) {
            out.writeLengthPrefixed(bytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes b && Arrays.equals(bytes, b.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Bytes[" + bytes.length + "]";
        }
    }

    /** A delete: a version with a clock and no value, so the delete itself can be superseded or merged. */
    record Tombstone() implements Value {
    }
}
