package io.dynacart.bench;

import io.dynacart.store.cluster.ClusterSecrets;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.transport.Message;
import io.dynacart.store.transport.Network;
import io.dynacart.store.transport.ProbeMessage;
import io.dynacart.store.transport.tcp.TcpConfig;
import io.dynacart.store.transport.tcp.TcpNetwork;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * The floor for the cluster benchmark: two endpoints of the store's own TCP network ping-ponging
 * small messages, with 16 round trips in flight (throughput) and one at a time (latency).
 */
final class TcpFloor {

    record Result(double roundTripsPerSecond, long p50Micros, long p99Micros, long p999Micros) {
    }

    private TcpFloor() {
    }

    static Result measure() throws Exception {
        byte[] secret = ClusterSecrets.randomBytes();
        Map<NodeId, InetSocketAddress> book = new ConcurrentHashMap<>();
        NodeId a = NodeId.of("a");
        NodeId b = NodeId.of("b");
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
        try (TcpNetwork na = new TcpNetwork(TcpConfig.defaults(any, book::get, secret));
             TcpNetwork nb = new TcpNetwork(TcpConfig.defaults(any, book::get, secret))) {
            Network.Endpoint[] eb = new Network.Endpoint[1];
            eb[0] = nb.attach(b, (from, m) -> eb[0].send(from, new ProbeMessage.Pong(((ProbeMessage.Ping) m).seq())));
            book.put(b, nb.boundAddress());
            Map<Long, Long> sentAt = new ConcurrentHashMap<>();
            AtomicLong pongs = new AtomicLong();
            Histogram latency = new Histogram(3);
            Network.Endpoint[] ea = new Network.Endpoint[1];
            CountDownLatch[] done = new CountDownLatch[1];
            ea[0] = na.attach(a, (from, m) -> onPong(m, sentAt, latency, pongs, ea[0], b, done));
            book.put(a, na.boundAddress());
            // Warm up and latency: one at a time.
            mode = 1;
            done[0] = new CountDownLatch(20_000);
            sendPing(ea[0], b, sentAt, 0);
            done[0].await(60, TimeUnit.SECONDS);
            latency.reset();
            done[0] = new CountDownLatch(20_000);
            sendPing(ea[0], b, sentAt, 1_000_000);
            done[0].await(60, TimeUnit.SECONDS);
            Histogram single = latency.copy();
            // Throughput: 16 in flight for about 3 s.
            mode = 16;
            pongs.set(0);
            done[0] = new CountDownLatch(150_000);
            long start = System.nanoTime();
            for (int i = 0; i < 16; i++) {
                sendPing(ea[0], b, sentAt, 2_000_000 + i * 1_000_000L);
            }
            done[0].await(60, TimeUnit.SECONDS);
            double rate = pongs.get() / ((System.nanoTime() - start) / 1e9);
            mode = 0;
            return new Result(rate, single.getValueAtPercentile(50), single.getValueAtPercentile(99),
                    single.getValueAtPercentile(99.9));
        }
    }

    private static volatile int mode;

    private static void onPong(Message m, Map<Long, Long> sentAt, Histogram latency, AtomicLong pongs,
                               Network.Endpoint a, NodeId b, CountDownLatch[] done) {
        long seq = ((ProbeMessage.Pong) m).seq();
        Long t = sentAt.remove(seq);
        if (t != null) {
            synchronized (latency) {
                latency.recordValue((System.nanoTime() - t) / 1_000);
            }
        }
        pongs.incrementAndGet();
        done[0].countDown();
        if (mode > 0 && done[0].getCount() > 0) {
            sendPing(a, b, sentAt, seq + 1);
        }
    }

    private static void sendPing(Network.Endpoint a, NodeId b, Map<Long, Long> sentAt, long seq) {
        sentAt.put(seq, System.nanoTime());
        a.send(b, new ProbeMessage.Ping(seq));
    }
}
