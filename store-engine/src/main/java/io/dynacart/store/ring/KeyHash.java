package io.dynacart.store.ring;

import io.dynacart.store.identity.Key;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The stable 128-bit hash of a key's bytes: MurmurHash3 x64_128 with seed 0, {@code high} being the
 * algorithm's first output word h1 and {@code low} its second, h2.
 *
 * <p>Why not MD5, as in the paper: the ring needs keys spread uniformly over partitions, not
 * collision resistance. No public hash stops an adversary from grinding keys that land in one
 * partition (MD5 included: trying keys until the top bits match is cheap for any hash), so MD5
 * would buy nothing here, while Murmur3 costs about a tenth as much on the lookup hot path. Murmur3
 * passes the avalanche and uniformity tests that matter for placement.
 *
 * <p>What must hold: the value is a pure function of the bytes, identical on every node, JVM and
 * release, because it decides where data lives. The implementation is written here, with no
 * library, and is pinned by reference vectors from Guava's {@code Hashing.murmur3_128()} in the
 * tests; never change it without rehashing every stored key.
 *
 * <p>Order ("key-hash order") compares {@code high} then {@code low} as unsigned numbers, so it is
 * the numeric order of the 128-bit value and agrees with partition order.
 */
public record KeyHash(long high, long low) implements Comparable<KeyHash> {

    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;
    private static final VarHandle LITTLE_ENDIAN_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** The hash of {@code key}'s bytes. */
    public static KeyHash of(byte[] key) {
        Objects.requireNonNull(key, "key");
        return murmur3x64x128(key);
    }

    /** The hash of a key's bytes. */
    public static KeyHash of(Key key) {
        Objects.requireNonNull(key, "key");
        return murmur3x64x128(key.toByteArray());
    }

    /** The hash of {@code key}'s UTF-8 encoding. */
    public static KeyHash of(String key) {
        Objects.requireNonNull(key, "key");
        return of(key.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int compareTo(KeyHash other) {
        int byHigh = Long.compareUnsigned(high, other.high);
        return byHigh != 0 ? byHigh : Long.compareUnsigned(low, other.low);
    }

    @Override
    public String toString() {
        return String.format("%016x%016x", high, low);
    }

    private static KeyHash murmur3x64x128(byte[] data) {
        int length = data.length;
        int blockEnd = length & ~15;
        long h1 = 0;
        long h2 = 0;
        for (int i = 0; i < blockEnd; i += 16) {
            long k1 = (long) LITTLE_ENDIAN_LONG.get(data, i);
            long k2 = (long) LITTLE_ENDIAN_LONG.get(data, i + 8);
            h1 ^= mixK1(k1);
            h1 = Long.rotateLeft(h1, 27) + h2;
            h1 = h1 * 5 + 0x52dce729;
            h2 ^= mixK2(k2);
            h2 = Long.rotateLeft(h2, 31) + h1;
            h2 = h2 * 5 + 0x38495ab5;
        }
        int tail = length - blockEnd;
        if (tail > 8) {
            h2 ^= mixK2(littleEndian(data, blockEnd + 8, tail - 8));
        }
        if (tail > 0) {
            h1 ^= mixK1(littleEndian(data, blockEnd, Math.min(tail, 8)));
        }
        h1 ^= length;
        h2 ^= length;
        h1 += h2;
        h2 += h1;
        h1 = fmix64(h1);
        h2 = fmix64(h2);
        h1 += h2;
        h2 += h1;
        return new KeyHash(h1, h2);
    }

    /** The {@code count} (1..8) bytes at {@code from} as a little-endian number, the tail's reading. */
    private static long littleEndian(byte[] data, int from, int count) {
        long value = 0;
        for (int i = count - 1; i >= 0; i--) {
            value = (value << 8) | (data[from + i] & 0xffL);
        }
        return value;
    }

    private static long mixK1(long k1) {
        return Long.rotateLeft(k1 * C1, 31) * C2;
    }

    private static long mixK2(long k2) {
        return Long.rotateLeft(k2 * C2, 33) * C1;
    }

    /** MurmurHash3's 64-bit finalizer: every input bit affects every output bit (anti-entropy mixes with it too). */
    public static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
