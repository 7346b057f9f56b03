package io.dynacart.store.identity;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A key of the store: a name of 1 to {@value #MAX_LENGTH} bytes in a {@link Namespace}, compared by
 * content. Names that come over HTTP are UTF-8 text, but the store itself takes any bytes.
 *
 * <p>The key's bytes, as storage, the ring's hash and every wire format carry them: a key of the
 * default namespace is its name alone (so keys written before namespaces existed keep their
 * bytes); a key of another namespace is {@code 0xFF}, the namespace's ASCII name, {@code 0x00},
 * then the name. No UTF-8 text starts with {@code 0xFF}, so a client's text key can never pass for
 * another namespace's; a default-namespace key of raw bytes may not start with it either.
 */
public final class Key implements Comparable<Key> {

    /** The longest name of a key, in bytes. */
    public static final int MAX_LENGTH = 1024;

    /** The longest key as stored and sent: the name with its namespace's prefix. */
    public static final int MAX_STORED_LENGTH = MAX_LENGTH + Namespace.MAX_LENGTH + 2;

    /** The first byte of a key of a namespace other than the default one. */
    private static final byte NAMESPACED = (byte) 0xFF;

    private final byte[] bytes;
    private final int hash;
    private final Namespace namespace;
    /** Where the name starts in {@link #bytes}: 0 in the default namespace. */
    private final int nameStart;

    private Key(byte[] bytes) {
        if (bytes.length == 0) {
            throw new InvalidKeyException("key is empty; keys are 1 to " + MAX_LENGTH + " bytes");
        }
        if (bytes[0] == NAMESPACED) {
            int end = 1;
            while (end < bytes.length && end <= Namespace.MAX_LENGTH + 1 && bytes[end] != 0) {
                end++;
            }
            if (end >= bytes.length || bytes[end] != 0) {
                throw new InvalidKeyException("key starts with byte 0xFF, which only a namespaced key may "
                        + "(0xFF, the namespace, 0x00, the name)");
            }
            String name = new String(bytes, 1, end - 1, StandardCharsets.US_ASCII);
            String problem = Namespace.problemWith(name);
            if (problem != null) {
                throw new InvalidKeyException("key has a bad namespace: " + problem);
            }
            this.namespace = Namespace.of(name);
            this.nameStart = end + 1;
            if (namespace.isDefault()) {
                throw new InvalidKeyException("a key of the default namespace carries no namespace prefix");
            }
        } else {
            this.namespace = Namespace.DEFAULT;
            this.nameStart = 0;
        }
        int nameLength = bytes.length - nameStart;
        if (nameLength == 0) {
            throw new InvalidKeyException("key is empty; keys are 1 to " + MAX_LENGTH + " bytes");
        }
        if (nameLength > MAX_LENGTH) {
            throw new InvalidKeyException("key is " + nameLength + " bytes; at most " + MAX_LENGTH + " are allowed");
        }
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /** A key of its stored bytes (see the class comment), copied. */
    public static Key of(byte[] bytes) {
        return new Key(bytes.clone());
    }

    /** A key of the default namespace, named by UTF-8 text. */
    public static Key of(String text) {
        return new Key(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The key named {@code name} (UTF-8 text) in {@code namespace}. */
    public static Key of(Namespace namespace, String name) {
        return of(namespace, name.getBytes(StandardCharsets.UTF_8));
    }

    /** The key named by the bytes {@code name} in {@code namespace}. */
    public static Key of(Namespace namespace, byte[] name) {
        if (namespace.isDefault()) {
            return new Key(name.clone());
        }
        byte[] ns = namespace.name().getBytes(StandardCharsets.US_ASCII);
        byte[] stored = new byte[ns.length + 2 + name.length];
        stored[0] = NAMESPACED;
        System.arraycopy(ns, 0, stored, 1, ns.length);
        System.arraycopy(name, 0, stored, ns.length + 2, name.length);
        return new Key(stored);
    }

    /** The namespace the key belongs to. */
    public Namespace namespace() {
        return namespace;
    }

    /** The key's name: its bytes without the namespace's prefix. */
    public byte[] name() {
        return Arrays.copyOfRange(bytes, nameStart, bytes.length);
    }

    /**
     * A key of its stored bytes whose name must be valid UTF-8, as every key a client sends over HTTP
     * or the binary client protocol must be, so that both edges refuse the same keys.
     *
     * @throws InvalidKeyException naming the problem: empty, too long, or not UTF-8
     */
    public static Key ofUtf8(byte[] bytes) {
        Key key = new Key(bytes.clone());
        if (!isUtf8(key.name())) {
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

    /**
     * The name as text when it is printable UTF-8, otherwise as {@code 0x...} hex; after
     * {@code namespace/} unless the namespace is the default one.
     */
    @Override
    public String toString() {
        byte[] name = name();
        String text = new String(name, StandardCharsets.UTF_8);
        boolean printable = Arrays.equals(text.getBytes(StandardCharsets.UTF_8), name)
                && text.codePoints().noneMatch(Character::isISOControl);
        String shown = printable ? text : "0x" + HexFormat.of().formatHex(name);
        return namespace.isDefault() ? shown : namespace + "/" + shown;
    }
}
