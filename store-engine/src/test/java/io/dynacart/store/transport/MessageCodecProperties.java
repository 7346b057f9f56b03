package io.dynacart.store.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Whatever arrives on a connection, the codec answers with a message or with
 * {@link MalformedFrameException}, nothing else; and every message it encodes comes back equal.
 */
class MessageCodecProperties {

    @Provide
    Arbitrary<Message> messages() {
        return MessageArbitraries.messages();
    }

    /** Every tag in use, a retired or unused one, and a handshake tag, to get past the first byte. */
    @Provide
    Arbitrary<Integer> tags() {
        return Arbitraries.of(0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x20, 0x21, 0x30, 0x31, 0x40, 0x41, 0x42,
                0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x50, 0x51, 0x60, 0x61, 0x62, 0x0A, 0xF1);
    }

    @Property(tries = 1000)
    void everyMessageRoundTripsAndHasOneEncoding(@ForAll("messages") Message message) {
        byte[] frame = MessageCodec.encode(message);
        Message back = MessageCodec.decode(frame);
        assertThat(back).as("decode(encode(m)) equals m").isEqualTo(message);
        assertThat(MessageCodec.encode(back)).as("encode(decode(bytes)) is the same bytes").isEqualTo(frame);
    }

    @Property(tries = 3000)
    void arbitraryBytesDecodeOrRaiseTheTypedError(@ForAll @Size(max = 300) byte[] bytes) {
        assertDecodesOrRejects(bytes);
    }

    @Property(tries = 3000)
    void arbitraryBodiesBehindAKnownTagDecodeOrRaiseTheTypedError(@ForAll("tags") int tag,
                                                                   @ForAll @Size(max = 200) byte[] body) {
        byte[] frame = new byte[body.length + 1];
        frame[0] = (byte) tag;
        System.arraycopy(body, 0, frame, 1, body.length);
        assertDecodesOrRejects(frame);
    }

    @Property(tries = 2000)
    void corruptedFramesDecodeOrRaiseTheTypedError(@ForAll("messages") Message message,
                                                    @ForAll @Size(min = 1, max = 4) List<Integer> positions,
                                                    @ForAll byte replacement, @ForAll boolean cut) {
        byte[] bytes = MessageCodec.encode(message);
        for (int p : positions) {
            bytes[Math.floorMod(p, bytes.length)] = replacement;
        }
        if (cut) {
            bytes = Arrays.copyOf(bytes, Math.floorMod(positions.get(0), bytes.length + 1));
        }
        assertDecodesOrRejects(bytes);
    }

    private static void assertDecodesOrRejects(byte[] bytes) {
        assertThatCode(() -> {
            try {
                Message decoded = MessageCodec.decode(bytes);
                assertThat(MessageCodec.encode(decoded)).as("what decodes re-encodes to the same bytes").isEqualTo(bytes);
            } catch (MalformedFrameException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }).doesNotThrowAnyException();
    }
}
