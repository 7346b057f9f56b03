package io.dynacart.store.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.transport.MessageCodec;
import io.dynacart.store.transport.Network;
import io.dynacart.store.transport.ProbeMessage.Ping;
import io.dynacart.store.transport.tcp.HandshakeFrames.Proof;
import io.dynacart.testing.Await;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * No message crosses a connection until both ends proved the cluster secret: a node with another
 * secret is refused whichever side opens the connection, and so are a client that skips the
 * handshake, one that fails its proof, one that says nothing, and a server that answers as the
 * wrong node.
 */
class TcpAuthenticationIT {

    private static final NodeId A = NodeId.of("a");
    private static final NodeId B = NodeId.of("b");
    private static final NodeId C = NodeId.of("c");
    private static final NodeId EVIL = NodeId.of("evil");
    private static final byte[] OTHER_SECRET = "not-the-cluster-secret-at-all".getBytes(StandardCharsets.US_ASCII);

    private final TcpNodes nodes = new TcpNodes(c -> c.withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(500)));
    private final Recorder inboxA = new Recorder();

    @AfterEach
    void close() {
        nodes.close();
    }

    @Test
    void aNodeWithAnotherSecretIsRefusedBothWaysAndNothingItSendsIsDelivered() {
        Network.Endpoint a = nodes.attach(A, inboxA);
        Recorder inboxB = new Recorder();
        Network.Endpoint b = nodes.attach(B, inboxB);
        TcpNetwork evilNetwork = nodes.start(TcpNodes.testConfig(nodes::addressOf, OTHER_SECRET));
        Recorder inboxEvil = new Recorder();
        Network.Endpoint evil = evilNetwork.attach(EVIL, inboxEvil);
        nodes.publish(EVIL, evilNetwork.boundAddress());

        evil.send(A, new Ping(666));
        a.send(EVIL, new Ping(7));
        Await.until("a to refuse evil as a server and as a client", () -> nodes.network(A).stats().connectionsRefused() >= 2);
        Await.until("evil to refuse a's server", () -> evilNetwork.stats().connectionsRefused() >= 2);
        b.send(A, new Ping(1));
        a.send(B, new Ping(2));
        Await.until("the good nodes' pings", () -> inboxA.count() == 1 && inboxB.count() == 1);
        nodes.awaitNothingInFlight();

        assertThat(inboxA.received()).as("a hears only b").containsExactly(new Recorder.Received(B, new Ping(1)));
        assertThat(inboxEvil.count()).as("the node with another secret hears nothing").isZero();
        assertThat(evilNetwork.stats().connectionsOpened()).as("no connection of evil's was ever authenticated").isZero();
        assertThat(nodes.network(A).stats().connectionsOpened()).as("a: one link to b, one from b").isEqualTo(2);
    }

    @Test
    void aClientThatFailsItsProofIsClosedAndWhatItSendsAfterIsNotDelivered() throws Exception {
        nodes.attach(A, inboxA);
        try (RawPeer raw = new RawPeer(nodes.addressOf(A))) {
            raw.hello(B, new ClusterAuth(TcpNodes.SECRET).nonce());
            raw.sendFrame(HandshakeFrames.encode(new Proof(new byte[ClusterAuth.MAC_BYTES])));
            raw.sendFrame(MessageCodec.encode(new Ping(13)));
            assertThat(raw.closedByServer()).as("a closes a connection whose proof is wrong").isTrue();
        }
        assertNothingDeliveredAndRefused();
    }

    @Test
    void aClientThatSkipsTheHandshakeIsClosedAndItsMessageNotDelivered() throws Exception {
        nodes.attach(A, inboxA);
        try (RawPeer raw = new RawPeer(nodes.addressOf(A))) {
            raw.sendFrame(MessageCodec.encode(new Ping(13)));
            assertThat(raw.closedByServer()).as("a message before HELLO closes the connection").isTrue();
        }
        assertNothingDeliveredAndRefused();
    }

    @Test
    void aClientThatSaysNothingIsClosedAtTheHandshakeTimeout() throws Exception {
        nodes.attach(A, inboxA);
        try (RawPeer raw = new RawPeer(nodes.addressOf(A))) {
            assertThat(raw.closedByServer()).as("a silent connection is closed after 500 ms, well within the deadline")
                    .isTrue();
        }
        assertNothingDeliveredAndRefused();
    }

    @Test
    void aServerThatAnswersAsAnotherNodeIsRefusedUntilTheAddressBookIsRight() {
        Network.Endpoint a = nodes.attach(A, inboxA);
        Recorder inboxB = new Recorder();
        nodes.attach(B, inboxB);
        Recorder inboxC = new Recorder();
        nodes.attach(C, inboxC);
        var whereBIs = nodes.addressOf(B);
        nodes.publish(B, nodes.addressOf(C));

        a.send(B, new Ping(1));
        Await.until("a to refuse c answering for b", () -> nodes.network(A).stats().connectionsRefused() >= 1);
        nodes.publish(B, whereBIs);
        java.util.concurrent.atomic.AtomicLong seq = new java.util.concurrent.atomic.AtomicLong(1);
        Await.until("a ping to reach b once the address book is right", () -> {
            a.send(B, new Ping(seq.incrementAndGet()));
            return inboxB.count() >= 1;
        });

        assertThat(inboxB.messages()).as("the ping sent while c answered for b was dropped, never misdelivered")
                .doesNotContain(new Ping(1));
        assertThat(inboxC.count()).as("c, at the stale address, never receives b's message").isZero();
    }

    private void assertNothingDeliveredAndRefused() {
        Await.until("a to count the refusal", () -> nodes.network(A).stats().connectionsRefused() == 1);
        assertThat(inboxA.count()).as("nothing from an unauthenticated connection is delivered").isZero();
        assertThat(nodes.network(A).stats().framesIn()).isZero();
    }
}
