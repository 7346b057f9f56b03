package io.dynacart.store.ring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KeyHashTest {

    /**
     * Reference vectors from Guava 33.5.0's {@code Hashing.murmur3_128()} (seed 0), produced by a
     * throwaway program outside this repository: {@code high} is the first 8 bytes of {@code asBytes()}
     * read little-endian (h1), {@code low} the last 8 (h2). The key of length k is the bytes
     * {@code (byte) (i * 37 + 11)} for i below k, which includes bytes above 0x7f. Lengths 0 to 17
     * cover every tail length, with and without a full 16-byte block; 31 to 40 cover two blocks.
     */
    static Stream<Arguments> guavaVectorsByLength() {
        return Stream.of(
                Arguments.of(0, 0x0000000000000000L, 0x0000000000000000L),
                Arguments.of(1, 0x932fc7cce617f1e7L, 0x7a434b816c4508dcL),
                Arguments.of(2, 0xcff7e5ae5471b39dL, 0x8549c3b277c47536L),
                Arguments.of(3, 0x6afac0b8de81a4b1L, 0x0cdcf4fb816ab243L),
                Arguments.of(4, 0xd3a4eed1b81f9f72L, 0x8f4cf22ad9a420cdL),
                Arguments.of(5, 0xb0330f40087f990bL, 0xad93f9759963f50bL),
                Arguments.of(6, 0x32d1f10b04077a12L, 0x4b5791ad3829937eL),
                Arguments.of(7, 0x8340cc686662983bL, 0xa08f38dfaa7ff6f9L),
                Arguments.of(8, 0xf0b144007f89ced7L, 0xd02221832d7af9a1L),
                Arguments.of(9, 0xdbb3088eaec8a0b1L, 0xcbde24182efe09a9L),
                Arguments.of(10, 0x7fc82ef8fd4f371eL, 0x7a1ac716596298b0L),
                Arguments.of(11, 0xce105a4d0920d564L, 0xc5c7129b727fc1d6L),
                Arguments.of(12, 0x11eea59fafc3bbb8L, 0xde304d589b0ddbf8L),
                Arguments.of(13, 0x3c0bc0c7790cc4e7L, 0xf34ba40d12f9b27eL),
                Arguments.of(14, 0x4af05278beeea171L, 0x27302e3cea75fb09L),
                Arguments.of(15, 0x2906f047b67f83ffL, 0x49ca338fe7701facL),
                Arguments.of(16, 0xda9c66580c5ef0fbL, 0x885aae87bb6c5ff7L),
                Arguments.of(17, 0x78b8ee9a775e07d1L, 0xe36790301698fce0L),
                Arguments.of(31, 0xb1ca061ed4c5532fL, 0xcb6926489e7b3763L),
                Arguments.of(32, 0xaf7374eb8efe799bL, 0x3a5200924dcdd6ffL),
                Arguments.of(33, 0x08b88a88c3099ba9L, 0x15c06fbdb5df8af9L),
                Arguments.of(40, 0xbf77aa22e65e7cfcL, 0x15f2951b4c05748bL));
    }

    /** Same source as above, for the UTF-8 encoding of each string. */
    static Stream<Arguments> guavaVectorsForText() {
        return Stream.of(
                Arguments.of("a", 0x85555565f6597889L, 0xe6b53a48510e895aL),
                Arguments.of("cart:42", 0x6aa134a1c5076959L, 0x1b23291c3bf3607fL),
                Arguments.of("The quick brown fox jumps over the lazy dog", 0xe34bbc7bbc071b6cL, 0x7a433ca9c49a9347L),
                Arguments.of("Grüße", 0xc8433d0b9d11b436L, 0x5c113a593711d42dL),
                Arguments.of("日本語のキー", 0x9071370c840e5f6fL, 0x8eca58ea519047b4L),
                Arguments.of("cart:😀", 0xc7cc69b5b8f20370L, 0x244f4f5cead0cff3L));
    }

    @ParameterizedTest(name = "length {0}")
    @MethodSource("guavaVectorsByLength")
    void matchesReferenceMurmur3ForEveryTailLength(int length, long high, long low) {
        byte[] key = new byte[length];
        for (int i = 0; i < length; i++) {
            key[i] = (byte) (i * 37 + 11);
        }

        assertThat(KeyHash.of(key))
                .as("MurmurHash3 x64_128 of %d bytes must equal Guava's, bit for bit", length)
                .isEqualTo(new KeyHash(high, low));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @MethodSource("guavaVectorsForText")
    void hashesTextAsItsUtf8Bytes(String key, long high, long low) {
        assertThat(KeyHash.of(key))
                .as("a string key hashes as its UTF-8 bytes")
                .isEqualTo(new KeyHash(high, low))
                .isEqualTo(KeyHash.of(key.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void sameBytesGiveSameHashAndDifferentBytesDiffer() {
        byte[] key = "cart:1234".getBytes(StandardCharsets.UTF_8);

        assertThat(KeyHash.of(key)).as("the hash is a function of the bytes").isEqualTo(KeyHash.of(key.clone()));
        assertThat(KeyHash.of("cart:1235")).as("a one-character change changes the hash").isNotEqualTo(KeyHash.of(key));
    }

    @Test
    void ordersAsUnsigned128BitNumbers() {
        List<KeyHash> ascending = List.of(
                new KeyHash(0, 0),
                new KeyHash(0, 1),
                new KeyHash(0, -1),
                new KeyHash(1, 0),
                new KeyHash(Long.MAX_VALUE, -1),
                new KeyHash(Long.MIN_VALUE, 0),
                new KeyHash(-1, 0),
                new KeyHash(-1, -1));
        List<KeyHash> sorted = new ArrayList<>(ascending);
        Collections.reverse(sorted);
        sorted.sort(null);

        assertThat(sorted).as("key-hash order compares high, then low, both unsigned").isEqualTo(ascending);
        assertThat(new KeyHash(5, 7)).as("order is consistent with equals").isEqualByComparingTo(new KeyHash(5, 7));
    }

    @Test
    void printsAs32HexDigits() {
        assertThat(new KeyHash(0x0123456789abcdefL, -1).toString())
                .as("a hash prints as its 128 bits in hex, high word first")
                .isEqualTo("0123456789abcdefffffffffffffffff");
    }
}
