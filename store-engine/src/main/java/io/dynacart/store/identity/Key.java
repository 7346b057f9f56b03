package io.dynacart.store.identity;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A key of the store: 1 to {@value #MAX_LENGTH} bytes, compared by content. Keys that come over HTTP
 * are UTF-8 text, but the store itself takes any bytes.
 */
public final class Key implements Comparable<Key> {

    /** The longest key, in bytes. */
    public static final int MAX_LENGTH = 1024;

    private final byte[] bytes;
    private final int hash;

    private Key(byte[] bytes) {
        if (bytes.length == 0) {
            throw new InvalidKeyException("key is empty; keys are 1 to " + MAX_LENGTH + " bytes");
        }
        if (bytes.length > MAX_LENGTH) {
            throw new InvalidKeyException("key is " + bytes.length + " bytes; at most " + MAX_LENGTH + " are allowed");
        }
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /** A key holding a copy of {@code bytes}. */
    public static Key of(byte[] bytes) {
        return new Key(bytes.clone());
    }

    /** A key of UTF-8 text. */
    public static Key of(String text) {
        return new Key(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A key of {@code bytes} that must be valid UTF-8, as every key a client sends over HTTP or the
     * binary client protocol must be, so that both edges refuse the same keys.
     *
     * @throws InvalidKeyException naming the problem: empty, too long, or not UTF-8
     */
    public static Key ofUtf8(byte[] bytes) {
        Key key = new Key(bytes.clone());
        if (!isUtf8(bytes)) {
            throw new InvalidKeyException("key is not valid UTF-8");
        }
        return key;
    }

    /** Whether {@code bytes} are well-formed UTF-8 (no malformed or unpaired sequences). */
    public static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** A copy of the key's bytes. */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    /** The byte at {@code index}, for hashing and encoding without a copy. */
    public byte byteAt(int index) {
        return bytes[index];
    }

    /** Copies the key into {@code dest} at {@code offset}. */
    public void copyTo(byte[] dest, int offset) {
        System.arraycopy(bytes, 0, dest, offset, bytes.length);
    }

    @Override
    public int compareTo(Key other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Key k && hash == k.hash && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** The key as text when it is printable UTF-8, otherwise as {@code 0x...} hex. */
    @Override
    public String toString() {
        String text = new String(bytes, StandardCharsets.UTF_8);
        boolean printable = Arrays.equals(text.getBytes(StandardCharsets.UTF_8), bytes)
                && text.codePoints().noneMatch(Character::isISOControl);
        return printable ? text : "0x" + HexFormat.of().formatHex(bytes);
    }
}
