package io.dynacart.store.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.transport.Message;
import io.dynacart.store.transport.Network;
import io.dynacart.store.transport.ProbeMessage.Ping;
import io.dynacart.store.transport.ReplicationMessage;
import io.dynacart.store.versioning.Dot;
import io.dynacart.store.versioning.DottedVersionVector;
import io.dynacart.store.versioning.VectorClock;
import io.dynacart.store.versioning.Versioned;
import io.dynacart.testing.Await;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Volume: many messages all arrive, in order per connection; and a receiver that stops reading
 * makes the sender queue up to its bound and then drop, never buffer without limit.
 */
class TcpThroughputIT {

    private static final NodeId A = NodeId.of("a");
    private static final NodeId B = NodeId.of("b");
    private static final int MESSAGES = 100_000;

    private TcpNodes nodes;

    @AfterEach
    void close() {
        nodes.close();
    }

    @Test
    void aHundredThousandMessagesEachWayAllArriveInOrder() throws InterruptedException {
        nodes = new TcpNodes(c -> c.withMaxQueuedPerPeer(MESSAGES));
        OrderCheck atA = new OrderCheck();
        OrderCheck atB = new OrderCheck();
        Network.Endpoint a = nodes.attach(A, atA);
        Network.Endpoint b = nodes.attach(B, atB);

        Thread fromB = new Thread(() -> sendPings(b, A), "sender-b");
        fromB.start();
        sendPings(a, B);
        fromB.join();
        Await.until(MESSAGES + " messages each way", () -> atA.count() == MESSAGES && atB.count() == MESSAGES);

        assertThat(atB.outOfOrder()).as("a's messages reach b in the order a sent them").isZero();
        assertThat(atA.outOfOrder()).as("b's messages reach a in the order b sent them").isZero();
        assertThat(nodes.total(TcpStats::dropped)).as("nothing dropped below the queue bound").isZero();
    }

    @Test
    void aReceiverThatStopsReadingMakesTheSenderDropOnceItsQueueIsFull() {
        int bound = 1_000;
        nodes = new TcpNodes(c -> c.withMaxQueuedPerPeer(bound));
        CountDownLatch stall = new CountDownLatch(1);
        OrderCheck atB = new OrderCheck(stall);
        Network.Endpoint a = nodes.attach(A, new Recorder());
        nodes.attach(B, atB);

        AtomicLong sent = new AtomicLong();
        Await.until("the sender's queue to overflow while b's thread is stalled", () -> {
            for (int i = 0; i < 1_000; i++) {
                a.send(B, kilobyteReply(sent.getAndIncrement()));
            }
            return nodes.network(A).stats().droppedQueueFull() > 0;
        });
        TcpStats atOverflow = nodes.network(A).stats();
        stall.countDown();
        Await.until("every message not dropped", () -> atB.count() + atOverflow.droppedQueueFull() == sent.get());

        assertThat(sent.get() - atOverflow.framesOut() - atOverflow.droppedQueueFull())
                .as("at the overflow, what waits in the sender's queue never passes the bound").isBetween(0L, (long) bound);
        assertThat(atB.outOfOrder()).as("what is not dropped arrives in order").isZero();
    }

    /** A reply of about 1 KiB whose request id is its sequence number. */
    private static Message kilobyteReply(long seq) {
        Versioned<Value> sibling = new Versioned<>(
                new DottedVersionVector(new Dot(A, 1, 0), VectorClock.EMPTY), Value.of(new byte[1024]));
        return new ReplicationMessage.ReadReply(seq, List.of(sibling));
    }

    private static void sendPings(Network.Endpoint from, NodeId to) {
        for (long i = 0; i < MESSAGES; i++) {
            from.send(to, new Ping(i));
        }
    }

    /** Counts deliveries and how many broke the sender's order; optionally stalls its Netty thread first. */
    private static final class OrderCheck implements Network.Inbox {
        private final CountDownLatch gate;
        private final LongAdder delivered = new LongAdder();
        private final LongAdder outOfOrder = new LongAdder();
        private long last = Long.MIN_VALUE;

        OrderCheck() {
            this(new CountDownLatch(0));
        }

        OrderCheck(CountDownLatch gate) {
            this.gate = gate;
        }

        @Override
        public void deliver(NodeId from, Message message) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            long seq = message instanceof Ping p ? p.seq() : ((ReplicationMessage.ReadReply) message).requestId();
            synchronized (this) {
                if (seq < last) {
                    outOfOrder.increment();
                }
                last = Math.max(last, seq);
            }
            delivered.increment();
        }

        long count() {
            return delivered.sum();
        }

        long outOfOrder() {
            return outOfOrder.sum();
        }
    }
}
