package io.dynacart.store.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.transport.MessageCodec;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link TcpConfig} validates what it is given and never shows its secret; the backoff's arithmetic. */
class TcpConfigTest {

    private static final InetSocketAddress ANY_PORT = new InetSocketAddress("127.0.0.1", 0);

    @Test
    void defaultsAreValidAndTheFrameLimitIsTheCodecs() {
        TcpConfig config = TcpConfig.defaults(ANY_PORT, id -> null, TcpNodes.SECRET);
        assertThat(config.maxFrameBytes()).isEqualTo(MessageCodec.MAX_FRAME_BYTES);
        assertThat(config.maxQueuedPerPeer()).isEqualTo(TcpConfig.DEFAULT_MAX_QUEUED_PER_PEER);
    }

    @Test
    void aShortSecretIsRefused() {
        assertThatThrownBy(() -> TcpConfig.defaults(ANY_PORT, id -> null, new byte[15]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("15 bytes; at least 16");
    }

    @Test
    void theSecretIsCopiedInAndOutAndNeverPrinted() {
        byte[] secret = "0123456789abcdef-secret".getBytes();
        TcpConfig config = TcpConfig.defaults(ANY_PORT, id -> null, secret);
        secret[0] = 'X';
        byte[] out = config.clusterSecret();
        out[1] = 'Y';
        assertThat(config.clusterSecret()).as("neither the caller's array nor the one handed out is the config's")
                .isEqualTo("0123456789abcdef-secret".getBytes());
        assertThat(config.toString()).contains("secret of 23 bytes").doesNotContain("0123456789abcdef");
    }

    @Test
    void limitsOutOfRangeAreRefusedNamingTheRange() {
        TcpConfig config = TcpConfig.defaults(ANY_PORT, id -> null, TcpNodes.SECRET);
        assertThatThrownBy(() -> config.withMaxFrameBytes(MessageCodec.MAX_FRAME_BYTES + 1))
                .hasMessageContaining("between 4096 and 8388608");
        assertThatThrownBy(() -> config.withMaxQueuedPerPeer(0)).hasMessageContaining("was 0");
        assertThatThrownBy(() -> config.withTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("connect timeout must be positive");
        assertThatThrownBy(() -> new TcpConfig.Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("below the minimum");
    }

    @Test
    void theBackoffDoublesFromItsMinimumUpToItsMaximum() {
        TcpConfig.Backoff backoff = new TcpConfig.Backoff(Duration.ofMillis(50), Duration.ofMillis(1000));
        assertThat(java.util.stream.IntStream.rangeClosed(1, 7).mapToLong(backoff::delayMillis).toArray())
                .as("after 1, 2, ... 7 failures").containsExactly(50, 100, 200, 400, 800, 1000, 1000);
        assertThat(backoff.delayMillis(Integer.MAX_VALUE)).as("no overflow after very many failures").isEqualTo(1000);
        assertThat(backoff.delayMillis(0)).as("no failure yet counts as one").isEqualTo(50);
    }
}
