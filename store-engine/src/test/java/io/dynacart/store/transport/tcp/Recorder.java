package io.dynacart.store.transport.tcp;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.transport.Message;
import io.dynacart.store.transport.Network;
import java.util.ArrayList;
import java.util.List;

/** An inbox that keeps what it receives, in arrival order; safe to read while a Netty thread writes. */
final class Recorder implements Network.Inbox {

    /** One delivery. */
    record Received(NodeId from, Message message) {
    }

    private final List<Received> received = new ArrayList<>();

    @Override
    public synchronized void deliver(NodeId from, Message message) {
        received.add(new Received(from, message));
    }

    synchronized List<Received> received() {
        return List.copyOf(received);
    }

    synchronized List<Message> messages() {
        return received.stream().map(Received::message).toList();
    }

    synchronized List<Message> from(NodeId sender) {
        return received.stream().filter(r -> r.from().equals(sender)).map(Received::message).toList();
    }

    synchronized int count() {
        return received.size();
    }
}
