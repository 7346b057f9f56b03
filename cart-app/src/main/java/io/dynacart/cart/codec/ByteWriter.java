package io.dynacart.cart.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Appends bytes, unsigned LEB128 varints and length-prefixed ASCII names. */
public final class ByteWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public ByteWriter writeByte(int b) {
        out.write(b);
        return this;
    }

    /** Writes {@code value} (not negative) in 1 to 9 bytes, 7 bits each, low bits first. */
    public ByteWriter writeVarint(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("varints are not negative, was " + value);
        }
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
        return this;
    }

    public ByteWriter writeName(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        writeVarint(bytes.length);
        out.write(bytes, 0, bytes.length);
        return this;
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }
}
