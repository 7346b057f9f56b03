package io.dynacart.store.transport.tcp;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.transport.Message;
import io.dynacart.store.transport.Network;
import io.dynacart.store.transport.ProbeMessage.Ping;
import io.dynacart.store.transport.ProbeMessage.Pong;
import java.util.concurrent.locks.LockSupport;

/**
 * A legitimate peer beside the fuzzer: it pings the fuzzed endpoint every millisecond or two, over
 * the one connection it opened before the run, and receives the pongs over the endpoint's
 * connection to it. Both must carry every message, in order, all through the run.
 */
final class LegitLink implements Network.Inbox, AutoCloseable {

    private final NodeId target;
    private final Thread thread;
    private Network.Endpoint endpoint;
    private volatile boolean stopping;
    private volatile long sent;
    private volatile long lastPong;
    private volatile String problem;

    LegitLink(NodeId target) {
        this.target = target;
        this.thread = new Thread(this::run, "fuzz-legit-peer");
    }

    /** Starts pinging from {@code from}, the endpoint this inbox was attached with. */
    void start(Network.Endpoint from) {
        this.endpoint = from;
        thread.start();
    }

    @Override
    public void deliver(NodeId from, Message message) {
        if (message instanceof Pong pong && from.equals(target)) {
            if (pong.seq() != lastPong + 1 && problem == null) {
                problem = "pong " + pong.seq() + " arrived after pong " + lastPong;
            }
            lastPong = pong.seq();
        } else if (problem == null) {
            problem = "unexpected " + message + " from " + from;
        }
    }

    private void run() {
        while (!stopping) {
            endpoint.send(target, new Ping(sent + 1));
            sent++;
            LockSupport.parkNanos(1_000_000);
        }
    }

    long sent() {
        return sent;
    }

    long lastPong() {
        return lastPong;
    }

    String problem() {
        return problem;
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        thread.join(10_000);
    }
}
