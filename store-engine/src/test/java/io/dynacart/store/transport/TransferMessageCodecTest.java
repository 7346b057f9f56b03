package io.dynacart.store.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.identity.Key;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The wire forms of {@link TransferMessage}: pinned bytes, and frames its records would reject refused by name. */
class TransferMessageCodecTest {

    @Test
    void transferFramesHaveTheirDocumentedBytes() {
        assertThat(MessageCodec.encode(new TransferMessage.ChunkRequest(1, 2, Optional.empty(), 100)))
                .as("tag, id, partition, no cursor, zigzag varint of 100").containsExactly(0x60, 0x02, 0x04, 0x00, 0xC8, 0x01);
        assertThat(MessageCodec.encode(new TransferMessage.ChunkRequest(1, 2, Optional.of(Key.of("k")), 1)))
                .as("a cursor is 1, then the key").containsExactly(0x60, 0x02, 0x04, 0x01, 0x01, 'k', 0x02);
        assertThat(MessageCodec.encode(new TransferMessage.Chunk(1, 2, Optional.empty(), List.of(), true)))
                .as("tag, id, partition, no cursor, no entries, last").containsExactly(0x61, 0x02, 0x04, 0x00, 0x00, 0x01);
        assertThat(MessageCodec.encode(new TransferMessage.Refused(1, 2, TransferMessage.Reason.ENTRY_TOO_LARGE)))
                .containsExactly(0x62, 0x02, 0x04, 0x03);
    }

    @Test
    void framesTheRecordsWouldRejectAreMalformed() {
        assertMalformed(bytes(0x62, 0x02, 0x04, 0x09), "unknown refusal reason 9");
        assertMalformed(bytes(0x60, 0x02, 0x04, 0x02, 0xC8, 0x01), "cursor presence is 2");
        assertMalformed(bytes(0x60, 0x02, 0x04, 0x00, 0x00), "chunk size must be 1 to");
        assertMalformed(bytes(0x60, 0x02, 0x03, 0x00, 0x02), "partition must be >= 0");
        assertMalformed(bytes(0x61, 0x02, 0x04, 0x00, 0x00, 0x00), "an empty chunk must be the last");
        assertMalformed(bytes(0x61, 0x02, 0x04, 0x00, 0x00, 0x02), "last is 2");
        assertMalformed(bytes(0x61, 0x02, 0x04, 0x00, 0x01, 0x01, 'k', 0x00, 0x01), "entry 0 has no siblings");
    }

    @Test
    void aRequestAskingForMoreThanAChunkMayHoldCannotBeMade() {
        assertThatThrownBy(() -> new TransferMessage.ChunkRequest(1, 2, Optional.empty(), TransferMessage.MAX_CHUNK_BYTES + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertMalformed(byte[] frame, String message) {
        assertThatThrownBy(() -> MessageCodec.decode(frame)).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining(message);
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
