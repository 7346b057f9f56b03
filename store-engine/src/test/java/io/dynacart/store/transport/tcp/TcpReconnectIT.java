package io.dynacart.store.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.transport.Message;
import io.dynacart.store.transport.Network;
import io.dynacart.store.transport.ProbeMessage.Ping;
import io.dynacart.testing.Await;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A sender finds a peer again after it restarts or moves, and what waited for it meanwhile arrives. */
class TcpReconnectIT {

    private static final NodeId A = NodeId.of("a");
    private static final NodeId B = NodeId.of("b");

    private final TcpNodes nodes = new TcpNodes();

    @AfterEach
    void close() {
        nodes.close();
    }

    @Test
    void aPeerRestartedOnTheSamePortIsReachedAgainButNeverGetsStaleMessages() {
        Network.Endpoint a = nodes.attach(A, new Recorder());
        Recorder firstLife = new Recorder();
        nodes.attach(B, firstLife);
        a.send(B, new Ping(1));
        Await.until("the first ping", () -> firstLife.count() == 1);
        InetSocketAddress port = nodes.addressOf(B);

        nodes.network(B).close();
        AtomicLong seq = new AtomicLong(1);
        Await.until("a to find b unreachable", () -> {
            a.send(B, new Ping(seq.incrementAndGet()));
            return nodes.network(A).stats().connectFailures() >= 1;
        });
        long sentWhileDown = seq.get();
        Recorder secondLife = new Recorder();
        nodes.start(nodes.config().withBindAddress(port)).attach(B, secondLife);
        Await.until("a ping after b's return", () -> {
            a.send(B, new Ping(seq.incrementAndGet()));
            return !secondLife.messages().isEmpty();
        });

        assertThat(seqs(secondLife.messages())).as("nothing sent while b was down reaches it late")
                .allMatch(n -> n > sentWhileDown);
        assertThat(seqs(secondLife.messages())).as("what reaches the restarted b comes in the order it was sent")
                .isSorted().doesNotHaveDuplicates();
        assertThat(nodes.network(A).stats().droppedPeerDown()).as("the rest was dropped and counted").isPositive();
    }

    @Test
    void aPeerThatMovesIsFoundAtTheAddressItPublishes() {
        Network.Endpoint a = nodes.attach(A, new Recorder());
        Recorder before = new Recorder();
        Network.Endpoint b = nodes.attach(B, before);
        a.send(B, new Ping(1));
        Await.until("the first ping", () -> before.count() == 1);

        b.close();
        Recorder after = new Recorder();
        nodes.attach(B, after);
        AtomicLong seq = new AtomicLong(1);
        Await.until("a ping to b at its new address", () -> {
            a.send(B, new Ping(seq.incrementAndGet()));
            return after.count() > 0;
        });

        assertThat(before.messages()).as("the closed attachment heard only what came before it closed")
                .containsExactly(new Ping(1));
    }

    @Test
    void aPeerThatConnectsToUsIsReachedAtOnceEvenWhileOurLinkBacksOffFromIt() {
        // A backoff far longer than the wait below: only the peer's own connection can end it early.
        try (TcpNodes slow = new TcpNodes(c -> c.withReconnect(new TcpConfig.Backoff(Duration.ofSeconds(60), Duration.ofSeconds(60))))) {
            Network.Endpoint a = slow.attach(A, new Recorder());
            slow.attach(B, new Recorder());
            InetSocketAddress port = slow.addressOf(B);
            // b goes down before a ever reached it: a's first attempt is refused and its link backs off.
            slow.network(B).close();
            Await.until("a to find b unreachable and back off", () -> {
                a.send(B, new Ping(2));
                return slow.network(A).stats().connectFailures() >= 1;
            });
            Recorder secondLife = new Recorder();
            Network.Endpoint b = slow.start(slow.config().withBindAddress(port)).attach(B, secondLife);
            b.send(A, new Ping(3)); // b's first message to a opens b's connection to a: a hears b is up

            AtomicLong seq = new AtomicLong(100);
            Await.until("a ping from a to the restarted b, long before a's backoff ends", () -> {
                a.send(B, new Ping(seq.incrementAndGet()));
                return !secondLife.messages().isEmpty();
            });
        }
    }

    private static List<Long> seqs(List<Message> messages) {
        return messages.stream().map(m -> ((Ping) m).seq()).toList();
    }
}
