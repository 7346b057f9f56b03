package io.dynacart.cart.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteReaderTest {

    /** Found by CartCodecProperties (seed 3268154664076995083): the length byte was counted as name bytes. */
    @Test
    void nameLongerThanTheBytesLeftIsAFormatErrorNotAnIndexError() {
        ByteReader r = new ByteReader(new byte[] {2, 'r'});
        assertThatThrownBy(() -> r.readName("writer name", 64))
                .isInstanceOf(CartFormatException.class)
                .hasMessageContaining("truncated: writer name needs 2 bytes, 1 are left");
    }

    @Test
    void varintsRoundTripAndRejectNonMinimalForms() {
        byte[] bytes = new ByteWriter().writeVarint(0).writeVarint(300).writeVarint(Long.MAX_VALUE).toByteArray();
        ByteReader r = new ByteReader(bytes);
        assertThat(r.readVarint("a", 0, Long.MAX_VALUE)).isZero();
        assertThat(r.readVarint("b", 0, Long.MAX_VALUE)).isEqualTo(300);
        assertThat(r.readVarint("c", 0, Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
        r.requireEnd();
        assertThatThrownBy(() -> new ByteReader(new byte[] {(byte) 0x81, 0}).readVarint("n", 0, 10))
                .isInstanceOf(CartFormatException.class).hasMessageContaining("redundant trailing zero");
    }

    @Test
    void countBeyondTheBytesLeftIsRejectedBeforeAnyAllocation() {
        byte[] huge = new ByteWriter().writeVarint(1_000_000).toByteArray();
        assertThatThrownBy(() -> new ByteReader(huge).readCount("item count", 0))
                .isInstanceOf(CartFormatException.class).hasMessageContaining("only 0 bytes are left");
    }
}
