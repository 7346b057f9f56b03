package io.dynacart.store.antientropy;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.time.Scheduler;
import io.dynacart.store.transport.AntiEntropyMessage;
import io.dynacart.store.transport.MessageCodec;
import io.dynacart.store.transport.Network;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Sends anti-entropy messages in order, each once {@link AntiEntropyBudget} allows it: a message
 * the budget cannot afford yet waits, with those behind it, and a timer sends it when it can.
 * A message costs its encoded size in bytes, and, for {@code Push} and {@code Siblings}, one key per
 * sibling set it carries. Confined to the node's event loop.
 */
final class BudgetedSender {

    private record Outgoing(NodeId to, AntiEntropyMessage message, int keys, int bytes) {
    }

    private final Network.Endpoint endpoint;
    private final Scheduler scheduler;
    private final AntiEntropyBudget budget;
    private final Deque<Outgoing> queue = new ArrayDeque<>();
    private Scheduler.Cancellable timer;
    private boolean stopped;
    private long keysSent;
    private long bytesSent;

    BudgetedSender(Network.Endpoint endpoint, Scheduler scheduler, AntiEntropyBudget budget) {
        this.endpoint = endpoint;
        this.scheduler = scheduler;
        this.budget = budget;
    }

    /** Queues {@code message} for {@code to} and sends what the budget allows now. */
    void send(NodeId to, AntiEntropyMessage message) {
        queue.add(new Outgoing(to, message, keysIn(message), MessageCodec.encode(message).length));
        if (timer == null) {
            drain();
        }
    }

    /** Whether requests of the initiator's session {@code sessionId} with {@code to} still wait here. */
    boolean holdsRequests(NodeId to, long sessionId) {
        return queue.stream().anyMatch(o -> isRequestOf(o, to, sessionId));
    }

    /** Forgets the waiting requests of a session that has ended. */
    void dropRequests(NodeId to, long sessionId) {
        queue.removeIf(o -> isRequestOf(o, to, sessionId));
    }

    void stop() {
        stopped = true;
        queue.clear();
        if (timer != null) {
            timer.cancel();
        }
    }

    long keysSent() {
        return keysSent;
    }

    long bytesSent() {
        return bytesSent;
    }

    private void onTimer() {
        timer = null;
        drain();
    }

    /** Sends from the head of the queue while the budget allows; else waits for it, with a timer. */
    private void drain() {
        while (!stopped && !queue.isEmpty()) {
            Outgoing next = queue.peek();
            if (!budget.tryAcquire(next.keys(), next.bytes())) {
                timer = scheduler.schedule(budget.millisUntilAvailable(next.keys(), next.bytes()), this::onTimer);
                return;
            }
            queue.poll();
            keysSent += next.keys();
            bytesSent += next.bytes();
            endpoint.send(next.to(), next.message());
        }
    }

    private static boolean isRequestOf(Outgoing o, NodeId to, long sessionId) {
        return o.to().equals(to) && o.message().sessionId() == sessionId && ExchangeResponder.isRequest(o.message());
    }

    private static int keysIn(AntiEntropyMessage message) {
        if (message instanceof AntiEntropyMessage.Push m) {
            return m.entries().size();
        }
        if (message instanceof AntiEntropyMessage.Siblings m) {
            return m.entries().size();
        }
        return 0;
    }
}
