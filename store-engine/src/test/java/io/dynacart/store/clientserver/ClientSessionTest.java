package io.dynacart.store.clientserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.budget.ByteBudget;
import io.dynacart.store.clientwire.ClientFrameDecoder;
import io.dynacart.store.clientwire.ClientFrames;
import io.dynacart.store.clientwire.ClientProtocol;
import io.dynacart.store.clientwire.ClientRequest;
import io.dynacart.store.clientwire.ClientResponse;
import io.dynacart.store.clientwire.ErrorCode;
import io.dynacart.store.clientwire.RequestCodec;
import io.dynacart.store.clientwire.ResponseCodec;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** The connection's state machine, driven through Netty's in-memory channel: no socket, no store call. */
class ClientSessionTest {

    private ClientSession session;

    private EmbeddedChannel channel(String token) {
        ClientFrameDecoder frames = new ClientFrameDecoder(ClientProtocol.HELLO_FRAME_LIMIT, ClientProtocol.REQUEST_FRAME_LIMIT);
        session = new ClientSession(new RequestRunner(null, new ByteBudget(ByteBudget.MIN_LIMIT), Duration.ofSeconds(1)),
                frames, token, NodeId.of("n1"));
        return new EmbeddedChannel(frames, session);
    }

    private static void send(EmbeddedChannel ch, ClientRequest r) {
        ch.writeInbound(ClientFrames.frame(ch.alloc(), RequestCodec.encode(r)));
    }

    private static ClientResponse answer(EmbeddedChannel ch) {
        ByteBuf out = ch.readOutbound();
        try {
            out.skipBytes(ClientFrames.LENGTH_BYTES);
            return ResponseCodec.decode(ClientFrames.bytes(out));
        } finally {
            out.release();
        }
    }

    @Test
    void onlyTheListedMovesExistAndClosingIsFinal() {
        assertThat(ClientSession.State.AWAITING_HELLO.successors())
                .isEqualTo(EnumSet.of(ClientSession.State.READY, ClientSession.State.CLOSING));
        assertThat(ClientSession.State.READY.successors()).isEqualTo(EnumSet.of(ClientSession.State.CLOSING));
        assertThat(ClientSession.State.CLOSING.successors()).isEmpty();
    }

    @Test
    void aHelloWithTheTokenMakesTheConnectionReady() {
        EmbeddedChannel ch = channel("t0ken");
        send(ch, new ClientRequest.Hello(1, ClientProtocol.VERSION, "t0ken"));
        assertThat(answer(ch)).isEqualTo(new ClientResponse.Welcome(1, ClientProtocol.VERSION, NodeId.of("n1")));
        assertThat(session.state()).isEqualTo(ClientSession.State.READY);
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void aHelloOfTheOldestVersionIsWelcomedInThatVersion() {
        EmbeddedChannel ch = channel("");
        send(ch, new ClientRequest.Hello(1, ClientProtocol.OLDEST_VERSION, ""));
        assertThat(answer(ch)).isEqualTo(new ClientResponse.Welcome(1, ClientProtocol.OLDEST_VERSION, NodeId.of("n1")));
        assertThat(session.state()).isEqualTo(ClientSession.State.READY);
    }

    @Test
    void aHelloOfAVersionNotSpokenIsRefusedAndTheConnectionClosed() {
        EmbeddedChannel ch = channel("");
        send(ch, new ClientRequest.Hello(1, ClientProtocol.VERSION + 1, ""));
        ClientResponse.Failure f = (ClientResponse.Failure) answer(ch);
        assertThat(f.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(f.message()).contains("speaks versions 1 to 2");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aRequestBeforeHelloIsRefusedAndTheConnectionClosed() {
        EmbeddedChannel ch = channel("");
        send(ch, new ClientRequest.Get(7, Key.of("k"), 0));
        ClientResponse.Failure f = (ClientResponse.Failure) answer(ch);
        assertThat(f.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(f.id()).isEqualTo(7);
        assertThat(session.state()).isEqualTo(ClientSession.State.CLOSING);
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aFrameOverTheHelloLimitIsTooLargeAndClosesTheConnection() {
        EmbeddedChannel ch = channel("");
        ch.writeInbound(Unpooled.buffer().writeInt(ClientProtocol.HELLO_FRAME_LIMIT + 1));
        ClientResponse.Failure f = (ClientResponse.Failure) answer(ch);
        assertThat(f.code()).isEqualTo(ErrorCode.TOO_LARGE);
        assertThat(f.id()).isEqualTo(ClientProtocol.CONNECTION_ID);
        assertThat(ch.isOpen()).isFalse();
    }
}
