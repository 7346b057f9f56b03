package io.dynacart.store.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.transport.Message;
import io.dynacart.store.transport.Network;
import io.dynacart.store.transport.ProbeMessage.Ping;
import io.dynacart.store.transport.ReplicationMessage;
import io.dynacart.store.versioning.Context;
import io.dynacart.testing.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Sending never blocks: what cannot go now waits up to the bound, the rest is dropped and counted. */
class TcpQueueIT {

    private static final NodeId A = NodeId.of("a");
    private static final NodeId B = NodeId.of("b");
    private static final int BOUND = 100;
    private static final long MIN_BACKOFF_MILLIS = 100;

    private final TcpNodes nodes = new TcpNodes(c -> c.withMaxQueuedPerPeer(BOUND)
            .withReconnect(new TcpConfig.Backoff(Duration.ofMillis(MIN_BACKOFF_MILLIS), Duration.ofMillis(400))));

    @AfterEach
    void close() {
        nodes.close();
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void sendsToAnUnreachablePeerReturnAtOnceAndAreDroppedNotDeliveredLater() throws IOException {
        Network.Endpoint a = nodes.attach(A, new Recorder());
        InetSocketAddress nobody = freeLoopbackAddress();
        nodes.publish(B, nobody);

        long start = System.nanoTime();
        for (long i = 0; i < 1_000; i++) {
            a.send(B, new Ping(i));
        }
        TcpStats early = nodes.network(A).stats();
        assertThat(early.droppedQueueFull() + early.droppedPeerDown())
                .as("at most %d wait for the first connect; the rest are dropped, never blocking", BOUND)
                .isGreaterThanOrEqualTo(900);
        AtomicLong seq = new AtomicLong(1_000);
        Await.until("three failed connects", () -> {
            a.send(B, new Ping(seq.incrementAndGet()));
            return nodes.network(A).stats().connectFailures() >= 3;
        });
        assertThat(System.nanoTime() - start).as("attempts are spaced by the backoff (100 then 200 ms), not a busy loop")
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(3 * MIN_BACKOFF_MILLIS));
        long sentWhileDown = seq.get();

        Recorder inboxB = new Recorder();
        nodes.start(nodes.config().withBindAddress(nobody)).attach(B, inboxB);
        Await.until("a ping once b listens", () -> {
            a.send(B, new Ping(seq.incrementAndGet()));
            return inboxB.count() > 0;
        });
        assertThat(inboxB.messages()).as("nothing that waited for a failed connect arrives late")
                .allMatch(m -> ((Ping) m).seq() > sentWhileDown);
        TcpStats stats = nodes.network(A).stats();
        assertThat(stats.droppedQueueFull() + stats.droppedPeerDown()).as("every message sent while b was down is counted")
                .isGreaterThanOrEqualTo(sentWhileDown + 1);
    }

    @Test
    void aMessageOverTheFrameLimitIsDroppedAtTheSenderAndTheNextOneGoes() {
        Recorder inboxB = new Recorder();
        TcpNetwork small = nodes.start(nodes.config().withMaxFrameBytes(4096));
        Network.Endpoint a = small.attach(A, new Recorder());
        nodes.attach(B, inboxB);
        Message tooLarge = new ReplicationMessage.ForwardPut(1, Key.of("k"), Context.EMPTY,
                Value.of(new byte[5000]), Quorum.DEFAULT);

        assertThatCode(() -> a.send(B, tooLarge)).as("an oversized message is dropped, not thrown").doesNotThrowAnyException();
        a.send(B, new Ping(2));
        Await.until("the ping after it", () -> inboxB.count() == 1);

        assertThat(inboxB.messages()).containsExactly(new Ping(2));
        assertThat(small.stats().droppedTooLarge()).isEqualTo(1);
    }

    @Test
    void aMessageToAPeerWithNoAddressIsDroppedAndCounted() {
        Network.Endpoint a = nodes.attach(A, new Recorder());
        a.send(NodeId.of("nowhere"), new Ping(1));
        Await.until("the drop to be counted", () -> nodes.network(A).stats().droppedNoAddress() == 1);
    }

    private static InetSocketAddress freeLoopbackAddress() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
        }
    }
}
