package io.dynacart.store.antientropy;

import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.storage.Storage;
import io.dynacart.store.transport.AntiEntropyMessage;
import io.dynacart.store.transport.AntiEntropyMessage.KeySiblings;
import io.dynacart.store.transport.MessageCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Runs a session against a responder with no network in between: each message is encoded and
 * decoded by {@link MessageCodec} (so sizes are the wire's), and delivered from a pool in an order
 * drawn from {@code random} (or first-in first-out without one), sometimes twice when asked.
 */
final class Exchanges {

    /** What crossed the wire in one exchange. */
    record Traffic(int messages, long bytes, long keysShipped, int largestFrame) {
        static final Traffic NONE = new Traffic(0, 0, 0, 0);

        Traffic plus(Traffic o) {
            return new Traffic(messages + o.messages, bytes + o.bytes, keysShipped + o.keysShipped,
                    Math.max(largestFrame, o.largestFrame));
        }
    }

    private record InFlight(boolean toResponder, AntiEntropyMessage message) {
    }

    private Exchanges() {
    }

    static Traffic run(TreeMaintainingStorage initiator, TreeMaintainingStorage responder, PartitionId partition,
                       long sessionId, SplittableRandom random, boolean duplicate) {
        return run(initiator, responder, partition, sessionId, random, duplicate, ExchangeLimits.DEFAULT);
    }

    static Traffic run(TreeMaintainingStorage initiator, TreeMaintainingStorage responder, PartitionId partition,
                       long sessionId, SplittableRandom random, boolean duplicate, ExchangeLimits limits) {
        ExchangeSession session = new ExchangeSession(sessionId, partition, LocalReplica.of(initiator), limits);
        return run(session, initiator, new ExchangeResponder(LocalReplica.of(responder), limits), responder, random,
                duplicate);
    }

    static Traffic run(ExchangeSession session, Storage initiator, ExchangeResponder responder, Storage responderStorage,
                       SplittableRandom random, boolean duplicate) {
        List<InFlight> pool = new ArrayList<>();
        long[] bytes = {0, 0};
        long[] keys = {0};
        int messages = 0;
        enqueue(pool, true, apply(initiator, session.handle(ExchangeSession.Event.START)), bytes, keys);
        while (!pool.isEmpty()) {
            InFlight next = pool.remove(random == null ? 0 : random.nextInt(pool.size()));
            messages++;
            if (duplicate && random != null && random.nextInt(10) == 0) {
                pool.add(next);
            }
            if (next.toResponder()) {
                enqueue(pool, false, apply(responderStorage, responder.answer(next.message())), bytes, keys);
            } else {
                Step step = session.handle(new ExchangeSession.Event.Received(next.message()));
                enqueue(pool, true, apply(initiator, step), bytes, keys);
            }
        }
        return new Traffic(messages, bytes[0], keys[0], (int) bytes[1]);
    }

    private static List<AntiEntropyMessage> apply(Storage storage, Step step) {
        for (KeySiblings entry : step.merge()) {
            storage.merge(entry.key(), entry.siblings());
        }
        return step.send();
    }

    private static void enqueue(List<InFlight> pool, boolean toResponder, List<AntiEntropyMessage> messages,
                                long[] bytes, long[] keys) {
        for (AntiEntropyMessage m : messages) {
            byte[] frame = MessageCodec.encode(m);
            bytes[0] += frame.length;
            bytes[1] = Math.max(bytes[1], frame.length);
            keys[0] += shipped(m);
            pool.add(new InFlight(toResponder, (AntiEntropyMessage) MessageCodec.decode(frame)));
        }
    }

    /** Keys whose sibling sets {@code m} carries (empty sets do not count: nothing of a value crosses). */
    static long shipped(AntiEntropyMessage m) {
        List<KeySiblings> entries = m instanceof AntiEntropyMessage.Push p ? p.entries()
                : m instanceof AntiEntropyMessage.Siblings s ? s.entries() : List.of();
        return entries.stream().filter(e -> !e.siblings().isEmpty()).count();
    }
}
