package io.dynacart.store.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.fuzz.ByteMutator;
import io.dynacart.store.transport.MessageCodec;
import io.dynacart.store.transport.ProbeMessage.Ping;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The TCP fuzzer's oracle: the frames before the first bad one are delivered, and nothing after. */
class FrameModelTest {

    private static final byte[] ONE = TcpInputs.frame(MessageCodec.encode(new Ping(1)));
    private static final byte[] TWO = TcpInputs.frame(MessageCodec.encode(new Ping(2)));
    private static final byte[] BAD = TcpInputs.frame(new byte[] {0x7E, 1, 2});

    private static List<Long> pings(long... seqs) {
        return Arrays.stream(seqs).mapToObj(s -> FrameModel.fingerprint(MessageCodec.encode(new Ping(s)))).toList();
    }

    private static byte[] concat(byte[]... parts) {
        byte[] out = new byte[0];
        for (byte[] p : parts) {
            out = ByteMutator.splice(out, out.length, 0, p);
        }
        return out;
    }

    @Test
    void validFramesAreAllDelivered() {
        assertThat(FrameModel.delivered(concat(ONE, TWO), 1024)).isEqualTo(pings(1, 2));
    }

    @Test
    void aFrameThatDoesNotDecodeEndsTheConnection() {
        assertThat(FrameModel.delivered(concat(ONE, BAD, TWO), 1024)).isEqualTo(pings(1));
    }

    @Test
    void aLengthOverTheLimitEndsTheConnectionEvenWithItsBodyThere() {
        byte[] body = MessageCodec.encode(new Ping(2));
        assertThat(FrameModel.delivered(concat(ONE, TWO), body.length - 1)).isEmpty();
        assertThat(FrameModel.delivered(concat(ONE, TWO), body.length)).isEqualTo(pings(1, 2));
    }

    @Test
    void aFrameTheStreamEndsInsideIsNotDelivered() {
        assertThat(FrameModel.delivered(concat(ONE, Arrays.copyOf(TWO, TWO.length - 1)), 1024)).isEqualTo(pings(1));
        assertThat(FrameModel.delivered(concat(ONE, new byte[] {0, 0}), 1024)).isEqualTo(pings(1));
    }

    @Test
    void prefixesAreCheckedElementByElement() {
        assertThat(FrameModel.isPrefix(pings(1), pings(1, 2))).isTrue();
        assertThat(FrameModel.isPrefix(pings(), pings(1, 2))).isTrue();
        assertThat(FrameModel.isPrefix(pings(2), pings(1, 2))).isFalse();
        assertThat(FrameModel.isPrefix(pings(1, 2, 3), pings(1, 2))).isFalse();
    }
}
