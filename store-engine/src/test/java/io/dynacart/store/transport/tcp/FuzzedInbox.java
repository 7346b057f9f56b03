package io.dynacart.store.transport.tcp;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.transport.Message;
import io.dynacart.store.transport.MessageCodec;
import io.dynacart.store.transport.Network;
import io.dynacart.store.transport.ProbeMessage.Ping;
import io.dynacart.store.transport.ProbeMessage.Pong;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fuzzed endpoint's inbox. It keeps what each fuzz connection delivered (as encoded bodies, for
 * {@link FrameModel}), answers the legitimate peer's pings with pongs (so its link carries traffic
 * both ways all through the run) and checks that those pings arrive in order, none missing; anything
 * else is a problem.
 */
final class FuzzedInbox implements Network.Inbox {

    private final Set<NodeId> legit;
    private final Map<NodeId, List<Long>> fromFuzz = new ConcurrentHashMap<>();
    private final Map<NodeId, Long> lastPing = new ConcurrentHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private volatile Network.Endpoint self;

    /** An inbox whose legitimate peers are {@code legit}; any other node must be a fuzz connection's {@code fuzz-N}. */
    FuzzedInbox(Set<NodeId> legit) {
        this.legit = Set.copyOf(legit);
    }

    /** The endpoint that answers the pings: this inbox's own, known once attached. */
    void answerFrom(Network.Endpoint endpoint) {
        this.self = endpoint;
    }

    @Override
    public void deliver(NodeId from, Message message) {
        if (legit.contains(from) && message instanceof Ping ping) {
            long last = lastPing.getOrDefault(from, 0L);
            if (ping.seq() != last + 1) {
                problem("legitimate peer " + from + "'s ping " + ping.seq() + " arrived after ping " + last);
            }
            lastPing.put(from, ping.seq());
            self.send(from, new Pong(ping.seq()));
        } else if (from.value().startsWith("fuzz-")) { // its bytes re-encoded: the codec has one encoding per message
            fromFuzz.computeIfAbsent(from, id -> Collections.synchronizedList(new ArrayList<>()))
                    .add(FrameModel.fingerprint(MessageCodec.encode(message)));
        } else {
            problem("a " + message.getClass().getSimpleName() + " was delivered as from " + from
                    + ", a node no connection authenticated as");
        }
    }

    long lastPing(NodeId peer) {
        return lastPing.getOrDefault(peer, 0L);
    }

    /** What the connection that authenticated as {@code node} delivered (fingerprints), and forgets it. */
    List<Long> take(NodeId node) {
        List<Long> delivered = fromFuzz.remove(node);
        return delivered == null ? List.of() : List.copyOf(delivered);
    }

    synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    private synchronized void problem(String problem) {
        if (problems.size() < 20) {
            problems.add(problem);
        }
    }
}
