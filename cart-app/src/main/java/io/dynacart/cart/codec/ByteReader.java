package io.dynacart.cart.codec;

import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link ByteWriter} wrote, strictly: truncation, over-long or non-minimal varints, values
 * out of range and trailing bytes all throw {@link CartFormatException} with the offset.
 */
public final class ByteReader {

    private final byte[] bytes;
    private int pos;

    public ByteReader(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    public int readByte(String what) {
        if (pos >= bytes.length) {
            throw error("truncated: expected " + what);
        }
        return bytes[pos++] & 0xFF;
    }

    /** A varint between {@code min} and {@code max}, both inclusive. */
    public long readVarint(String what, long min, long max) {
        int start = pos;
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            if (shift > 56) {
                throw errorAt(start, what + " is a varint longer than 9 bytes");
            }
            int b = readByte(what);
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (b == 0 && shift > 0) {
                    throw errorAt(start, what + " is a varint with a redundant trailing zero byte");
                }
                break;
            }
        }
        if (value < min || value > max) {
            throw errorAt(start, what + " is " + value + ", not " + min + " to " + max);
        }
        return value;
    }

    /**
     * A count of elements that each take at least one byte: never more than the bytes left, so a
     * corrupt count cannot make the caller allocate gigabytes.
     */
    public int readCount(String what, int min) {
        int start = pos;
        long count = readVarint(what, min, Integer.MAX_VALUE);
        if (count > remaining()) {
            throw errorAt(start, what + " is " + count + " but only " + remaining() + " bytes are left");
        }
        return (int) count;
    }

    /** A length-prefixed ASCII name of at most {@code maxLength} characters. */
    public String readName(String what, int maxLength) {
        int length = (int) readVarint(what + " length", 0, maxLength);
        if (length > remaining()) {
            throw error("truncated: " + what + " needs " + length + " bytes, " + remaining() + " are left");
        }
        int start = pos;
        for (int i = 0; i < length; i++) {
            if (bytes[pos + i] < 0x20 || bytes[pos + i] > 0x7E) {
                throw errorAt(pos + i, what + " holds a byte that is not printable ASCII: 0x"
                        + Integer.toHexString(bytes[pos + i] & 0xFF));
            }
        }
        pos += length;
        return new String(bytes, start, length, StandardCharsets.US_ASCII);
    }

    public int remaining() {
        return bytes.length - pos;
    }

    public void requireEnd() {
        if (pos != bytes.length) {
            throw error((bytes.length - pos) + " trailing bytes after the cart");
        }
    }

    public CartFormatException error(String message) {
        return errorAt(pos, message);
    }

    public CartFormatException errorAt(int offset, String message) {
        return new CartFormatException("malformed cart at byte " + offset + " of " + bytes.length + ": " + message);
    }
}
