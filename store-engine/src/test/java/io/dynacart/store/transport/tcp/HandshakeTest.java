package io.dynacart.store.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.transport.MessageCodec;
import io.dynacart.store.transport.ProbeMessage;
import io.dynacart.store.transport.tcp.HandshakeFrames.Challenge;
import io.dynacart.store.transport.tcp.HandshakeFrames.HandshakeException;
import io.dynacart.store.transport.tcp.HandshakeFrames.Hello;
import io.dynacart.store.transport.tcp.HandshakeFrames.Proof;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The handshake's frames and proofs, without sockets. */
class HandshakeTest {

    private static final NodeId CLIENT = NodeId.of("n1");
    private static final NodeId SERVER = NodeId.of("n2");
    private final ClusterAuth auth = new ClusterAuth(TcpNodes.SECRET);
    private final byte[] clientNonce = auth.nonce();
    private final byte[] serverNonce = auth.nonce();

    @Test
    void framesRoundTripAndFitTheHandshakeLimit() throws HandshakeException {
        NodeId longest = NodeId.of("n".repeat(NodeId.MAX_LENGTH));
        byte[] mac = auth.serverProof(clientNonce, serverNonce, longest);
        byte[] hello = HandshakeFrames.encode(new Hello(longest, clientNonce));
        byte[] challenge = HandshakeFrames.encode(new Challenge(longest, serverNonce, mac));
        assertThat(HandshakeFrames.decodeHello(hello).client()).isEqualTo(longest);
        assertThat(HandshakeFrames.decodeChallenge(challenge).serverMac()).isEqualTo(mac);
        assertThat(HandshakeFrames.decodeProof(HandshakeFrames.encode(new Proof(mac))).clientMac()).isEqualTo(mac);
        assertThat(Math.max(hello.length, challenge.length)).as("the largest handshake frame, with the longest id")
                .isLessThanOrEqualTo(HandshakeFrames.MAX_FRAME_BYTES);
        assertThat(hello[0] & 0xFF).isGreaterThanOrEqualTo(MessageCodec.FIRST_HANDSHAKE_TAG);
    }

    @Test
    void aProofHoldsOnlyForItsSecretNoncesIdAndSide() {
        byte[] server = auth.serverProof(clientNonce, serverNonce, SERVER);
        ClusterAuth other = new ClusterAuth("another-cluster-secret!!".getBytes(StandardCharsets.US_ASCII));
        assertThat(ClusterAuth.matches(server, auth.serverProof(clientNonce, serverNonce, SERVER))).isTrue();
        assertThat(ClusterAuth.matches(server, other.serverProof(clientNonce, serverNonce, SERVER)))
                .as("another secret").isFalse();
        assertThat(ClusterAuth.matches(server, auth.serverProof(clientNonce, auth.nonce(), SERVER)))
                .as("another connection's nonce").isFalse();
        assertThat(ClusterAuth.matches(server, auth.serverProof(clientNonce, serverNonce, CLIENT)))
                .as("another node's id").isFalse();
        assertThat(ClusterAuth.matches(server, auth.clientProof(clientNonce, serverNonce, SERVER)))
                .as("the client's label: a server's proof cannot be reflected as a client's").isFalse();
    }

    @Test
    void noncesAreFreshAndFullLength() {
        assertThat(clientNonce).hasSize(ClusterAuth.NONCE_BYTES);
        assertThat(Arrays.equals(clientNonce, serverNonce)).isFalse();
    }

    @Test
    void anythingButTheExpectedFrameIsRefusedNamingIt() {
        byte[] ping = MessageCodec.encode(new ProbeMessage.Ping(1));
        assertThatThrownBy(() -> HandshakeFrames.decodeHello(ping)).isInstanceOf(HandshakeException.class)
                .hasMessage("expected HELLO but received a frame with tag 0x30");
        byte[] hello = HandshakeFrames.encode(new Hello(CLIENT, clientNonce));
        assertThatThrownBy(() -> HandshakeFrames.decodeProof(hello)).hasMessageContaining("expected PROOF");
        byte[] future = hello.clone();
        future[1] = 2;
        assertThatThrownBy(() -> HandshakeFrames.decodeHello(future))
                .hasMessageContaining("speaks protocol version 2; this node speaks 1");
        assertThatThrownBy(() -> HandshakeFrames.decodeHello(Arrays.copyOf(hello, hello.length - 1)))
                .hasMessageContaining("HELLO ends inside its nonce");
        assertThatThrownBy(() -> HandshakeFrames.decodeChallenge(new byte[0])).hasMessageContaining("an empty frame");
    }
}
