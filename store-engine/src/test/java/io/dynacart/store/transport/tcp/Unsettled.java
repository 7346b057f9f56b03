package io.dynacart.store.transport.tcp;

import io.dynacart.store.fuzz.FuzzReport;
import io.dynacart.store.identity.NodeId;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connections the fuzzer reset or closed without waiting for the endpoint: what they deliver is
 * checked later, once the endpoint has long been done with them (after {@value #KEPT} more such
 * connections, or at the end of the run), so that a run of any length keeps a bounded number.
 * What they delivered must be a prefix of what their frames make: the endpoint may not have read
 * them all before the connection went, but must never deliver more.
 */
final class Unsettled {

    private static final int KEPT = 1_000;

    private record Connection(long index, NodeId node, List<Long> expected, String shown) {
    }

    private final ConcurrentLinkedQueue<Connection> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final FuzzedInbox inbox;
    private final FuzzReport report;

    Unsettled(FuzzedInbox inbox, FuzzReport report) {
        this.inbox = inbox;
        this.report = report;
    }

    /** Input {@code index}'s connection, which authenticated as {@code node}, may deliver at most {@code expected}. */
    void add(long index, NodeId node, List<Long> expected, String shown) {
        waiting.add(new Connection(index, node, expected, shown));
        if (size.incrementAndGet() > KEPT) {
            settle(waiting.poll());
        }
    }

    /** Checks every connection still waiting. */
    void settleAll() {
        Connection c;
        while ((c = waiting.poll()) != null) {
            settle(c);
        }
    }

    private void settle(Connection c) {
        if (c == null) {
            return;
        }
        size.decrementAndGet();
        List<Long> delivered = inbox.take(c.node());
        if (!FrameModel.isPrefix(delivered, c.expected())) {
            report.fail(c.index(), "delivered " + delivered.size() + " messages, not a prefix of the " + c.expected().size()
                    + " its frames make before the first bad one", c.shown());
        }
    }
}
