package io.dynacart.store.encoding;

import java.nio.charset.StandardCharsets;

/**
 * A cursor over bytes in which every read is bounds-checked and every failure is a
 * {@link DecodingException} naming the field, never an index or arithmetic exception.
 *
 * <p>Messages are phrased to follow the name of what is decoded ("context ends before its counter"),
 * so a format wraps them as {@code what + " " + e.getMessage()}.
 */
public final class ByteReader {

    private final byte[] bytes;
    private final int start;
    private final int end;
    private int pos;

    public ByteReader(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    public ByteReader(byte[] bytes, int offset, int length) {
        if (offset < 0 || length < 0 || offset > bytes.length - length) {
            throw new IllegalArgumentException("range " + offset + "+" + length + " outside " + bytes.length + " bytes");
        }
        this.bytes = bytes;
        this.start = offset;
        this.pos = offset;
        this.end = offset + length;
    }

    public int remaining() {
        return end - pos;
    }

    /** How many bytes have been read: the offset of the next one from the start of the range. */
    public int position() {
        return pos - start;
    }

    public int readByte(String field) {
        if (pos >= end) {
            throw new DecodingException("ends before its " + field);
        }
        return bytes[pos++] & 0xFF;
    }

    /** An unsigned LEB128 varint of at most 10 bytes, in its shortest form. */
    public long readVarint(String field) {
        long value = 0;
        for (int i = 0; i < 10; i++) {
            int b = readByte(field);
            if (i == 9 && b > 1) {
                throw new DecodingException(field + " overflows 64 bits");
            }
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new DecodingException(field + " is not in its shortest form");
                }
                return value;
            }
        }
        throw new DecodingException(field + " is longer than 10 bytes");
    }

    /** A varint that must lie in {@code [min, max]}. */
    public long readVarint(String field, long min, long max) {
        long v = readVarint(field);
        if (Long.compareUnsigned(v, Long.MAX_VALUE) > 0 || v < min || v > max) {
            throw new DecodingException(field + " is " + Long.toUnsignedString(v) + "; it must be between " + min
                    + " and " + max);
        }
        return v;
    }

    public long readSignedVarint(String field) {
        long v = readVarint(field);
        return (v >>> 1) ^ -(v & 1);
    }

    public long readLong(String field) {
        if (remaining() < 8) {
            throw new DecodingException("ends inside its " + field);
        }
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (bytes[pos++] & 0xFF);
        }
        return v;
    }

    public byte[] readBytes(int length, String field) {
        if (length < 0 || remaining() < length) {
            throw new DecodingException("ends inside its " + field);
        }
        byte[] out = new byte[length];
        System.arraycopy(bytes, pos, out, 0, length);
        pos += length;
        return out;
    }

    /** A varint length of at most {@code maxLength}, then that many bytes. */
    public byte[] readLengthPrefixed(String field, int maxLength) {
        int length = (int) readVarint(field + " length", 0, maxLength);
        return readBytes(length, field);
    }

    /**
     * A varint count of at least {@code min} elements that each take at least one byte: never more than
     * the bytes left, so a corrupt count cannot make the caller allocate for it.
     */
    public int readCount(String field, int min) {
        long count = readVarint(field, min, Integer.MAX_VALUE);
        if (count > remaining()) {
            throw new DecodingException(field + " is " + count + " but only " + remaining() + " bytes are left");
        }
        return (int) count;
    }

    /** A varint length of at most {@code maxLength}, then that many printable ASCII characters. */
    public String readAscii(String field, int maxLength) {
        byte[] text = readLengthPrefixed(field, maxLength);
        for (int i = 0; i < text.length; i++) {
            if (text[i] < 0x20 || text[i] > 0x7E) {
                throw new DecodingException(field + " holds a byte that is not printable ASCII: 0x"
                        + Integer.toHexString(text[i] & 0xFF));
            }
        }
        return new String(text, StandardCharsets.US_ASCII);
    }

    /** Fails unless every byte was consumed. */
    public void expectEnd() {
        if (remaining() > 0) {
            throw new DecodingException("has " + remaining() + " unexpected trailing bytes");
        }
    }
}
