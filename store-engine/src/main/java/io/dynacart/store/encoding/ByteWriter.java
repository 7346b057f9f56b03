package io.dynacart.store.encoding;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer with the writes the readers of {@link ByteReader} expect. */
public final class ByteWriter {

    private byte[] buf;
    private int size;

    public ByteWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    public ByteWriter writeByte(int b) {
        ensure(1);
        buf[size++] = (byte) b;
        return this;
    }

    /** Unsigned LEB128: 7 bits a byte, low first, high bit set on all bytes but the last. */
    public ByteWriter writeVarint(long value) {
        ensure(10);
        long v = value;
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
        return this;
    }

    /** A signed value as a varint, zigzag-encoded so that small negatives stay short. */
    public ByteWriter writeSignedVarint(long value) {
        return writeVarint((value << 1) ^ (value >> 63));
    }

    public ByteWriter writeLong(long value) {
        ensure(8);
        for (int i = 7; i >= 0; i--) {
            buf[size++] = (byte) (value >>> (8 * i));
        }
        return this;
    }

    public ByteWriter writeBytes(byte[] bytes) {
        return writeBytes(bytes, 0, bytes.length);
    }

    public ByteWriter writeBytes(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buf, size, length);
        size += length;
        return this;
    }

    /** A varint length, then the bytes. */
    public ByteWriter writeLengthPrefixed(byte[] bytes) {
        return writeVarint(bytes.length).writeBytes(bytes);
    }

    /** A varint length, then the characters of {@code text}, which must be ASCII: one byte each. */
    public ByteWriter writeAscii(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return writeLengthPrefixed(bytes);
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
