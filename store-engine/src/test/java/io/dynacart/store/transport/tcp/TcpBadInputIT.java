package io.dynacart.store.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.encoding.ByteWriter;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.transport.MessageCodec;
import io.dynacart.store.transport.Network;
import io.dynacart.store.transport.ProbeMessage.Ping;
import io.dynacart.store.transport.ProbeMessage.Pong;
import io.dynacart.testing.Await;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad input closes the one connection that sent it, before or after authentication, while the
 * node goes on serving a good peer over that peer's same connection. A well-formed frame refused for
 * its clocks is dropped alone, and its connection goes on.
 */
class TcpBadInputIT {

    private static final NodeId SERVER = NodeId.of("server");
    private static final NodeId GOOD = NodeId.of("good");
    private static final NodeId RAW = NodeId.of("raw");
    private static final int FRAME_LIMIT = 64 * 1024;

    private final TcpNodes nodes = new TcpNodes(c -> c.withMaxFrameBytes(FRAME_LIMIT));
    private final Recorder inbox = new Recorder();
    private final Recorder goodInbox = new Recorder();
    private Network.Endpoint server;
    private Network.Endpoint good;
    private long goodPings;

    @BeforeEach
    void start() {
        server = nodes.attach(SERVER, inbox);
        good = nodes.attach(GOOD, goodInbox);
        goodPeerIsServed();
    }

    @AfterEach
    void close() {
        nodes.close();
    }

    @Test
    void garbageBeforeTheHandshakeClosesThatConnectionOnly() throws IOException {
        byte[] garbage = new byte[64];
        new Random(7).nextBytes(garbage);
        garbage[0] = 0;
        try (RawPeer raw = new RawPeer(nodes.addressOf(SERVER))) {
            raw.sendRaw(garbage);
            assertThat(raw.closedByServer()).as("a stream of garbage closes the connection").isTrue();
        }
        try (RawPeer raw = new RawPeer(nodes.addressOf(SERVER))) {
            raw.sendFrame(garbage);
            assertThat(raw.closedByServer()).as("a well-framed garbage HELLO closes the connection").isTrue();
        }
        Await.until("both refusals to be counted", () -> nodes.network(SERVER).stats().connectionsRefused() == 2);
        goodPeerIsServed();
    }

    @Test
    void anOversizedLengthBeforeTheHandshakeClosesThatConnectionOnly() throws IOException {
        try (RawPeer raw = new RawPeer(nodes.addressOf(SERVER))) {
            raw.sendRaw(ByteBuffer.allocate(4).putInt(HandshakeFrames.MAX_FRAME_BYTES + 1).array());
            assertThat(raw.closedByServer()).as("a stranger may not announce more than a handshake frame").isTrue();
        }
        goodPeerIsServed();
    }

    @Test
    void anOversizedLengthAfterTheHandshakeClosesThatConnectionOnly() throws Exception {
        try (RawPeer raw = new RawPeer(nodes.addressOf(SERVER))) {
            raw.authenticate(RAW, TcpNodes.SECRET);
            raw.sendRaw(ByteBuffer.allocate(4).putInt(FRAME_LIMIT + 1).array());
            assertThat(raw.closedByServer()).as("a length over the frame limit closes the connection at once").isTrue();
        }
        Await.until("the bad frame to be counted", () -> nodes.network(SERVER).stats().badFrames() == 1);
        goodPeerIsServed();
    }

    @Test
    void aMalformedFrameAfterAGoodOneClosesThatConnectionOnly() throws Exception {
        try (RawPeer raw = new RawPeer(nodes.addressOf(SERVER))) {
            raw.authenticate(RAW, TcpNodes.SECRET);
            raw.sendFrame(MessageCodec.encode(new Pong(1)));
            raw.sendFrame(new byte[] {0x7E, 1, 2, 3});
            raw.sendFrame(MessageCodec.encode(new Pong(2)));
            assertThat(raw.closedByServer()).as("an unknown tag closes the connection").isTrue();
        }
        Await.until("the bad frame to be counted", () -> nodes.network(SERVER).stats().badFrames() == 1);
        assertThat(inbox.from(RAW)).as("the frame before the bad one was delivered, the one after it was not")
                .containsExactly(new Pong(1));
        goodPeerIsServed();
    }

    @Test
    void aTruncatedBodyAfterTheHandshakeClosesThatConnectionOnly() throws Exception {
        try (RawPeer raw = new RawPeer(nodes.addressOf(SERVER))) {
            raw.authenticate(RAW, TcpNodes.SECRET);
            byte[] ping = MessageCodec.encode(new Ping(1L << 40));
            raw.sendFrame(java.util.Arrays.copyOf(ping, ping.length - 1));
            assertThat(raw.closedByServer()).as("a body cut short closes the connection").isTrue();
        }
        assertThat(inbox.from(RAW)).isEmpty();
        goodPeerIsServed();
    }

    @Test
    void aFrameWithAClockPastTheLimitsIsDroppedAloneAndTheConnectionKept() throws Exception {
        ByteWriter refused = new ByteWriter(32).writeByte(0x01).writeSignedVarint(1).writeVarint(1).writeByte('k')
                .writeVarint(1).writeByte(2).writeBytes(new byte[] {'n', '1'}).writeVarint(Long.MAX_VALUE).writeVarint(0)
                .writeVarint(0).writeByte(1).writeVarint(1).writeByte('v');
        try (RawPeer raw = new RawPeer(nodes.addressOf(SERVER))) {
            raw.authenticate(RAW, TcpNodes.SECRET);
            raw.sendFrame(MessageCodec.encode(new Pong(1)));
            raw.sendFrame(refused.toByteArray());
            raw.sendFrame(MessageCodec.encode(new Pong(2)));
            Await.until("the frame after the refused one", () -> inbox.from(RAW).contains(new Pong(2)));
            raw.sendFrame(MessageCodec.encode(new Pong(3)));
            Await.until("a frame sent once the refused one was handled", () -> inbox.from(RAW).contains(new Pong(3)));
        }
        assertThat(inbox.from(RAW)).as("every frame but the refused one, in order, over one connection")
                .containsExactly(new Pong(1), new Pong(2), new Pong(3));
        assertThat(nodes.network(SERVER).stats().badFrames()).as("a refused frame does not close its connection")
                .isZero();
        goodPeerIsServed();
    }

    /** The good peer's next ping arrives, and the server's pong to it, over the two connections they opened first. */
    private void goodPeerIsServed() {
        Ping ping = new Ping(++goodPings);
        good.send(SERVER, ping);
        Await.until("the good peer's ping " + goodPings, () -> inbox.from(GOOD).contains(ping));
        server.send(GOOD, new Pong(goodPings));
        Await.until("the server's pong " + goodPings, () -> goodInbox.messages().contains(new Pong(goodPings)));
        assertThat(inbox.from(GOOD)).as("every ping of the good peer, in order").isEqualTo(pings(goodPings));
        assertThat(nodes.network(GOOD).stats().connectionsOpened()).as("its link to the server and the server's to it")
                .isEqualTo(2);
    }

    private static List<Ping> pings(long upTo) {
        return java.util.stream.LongStream.rangeClosed(1, upTo).mapToObj(Ping::new).toList();
    }
}
