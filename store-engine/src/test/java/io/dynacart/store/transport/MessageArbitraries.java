package io.dynacart.store.transport;

import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.Namespace;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.ClockLimits;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.Dot;
import io.dynacart.store.versioning.DottedVersionVector;
import io.dynacart.store.versioning.VectorClock;
import io.dynacart.store.versioning.Versioned;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Arbitrary messages of every family for the codec's properties: keys of any bytes up to the 1024
 * limit, any long ids and ints, node ids of the full alphabet, versions with pasts, tombstones and
 * byte values, contexts and quorums at their bounds.
 */
public final class MessageArbitraries {

    private MessageArbitraries() {
    }

    public static Arbitrary<Message> messages() {
        return Arbitraries.oneOf(List.of(
                Combinators.combine(Arbitraries.longs(), keys(), siblings(), Arbitraries.of(true, false))
                        .as(ReplicationMessage.Write::new),
                Combinators.combine(Arbitraries.longs(), nodes(), keys(), siblings()).as(ReplicationMessage.HintedWrite::new),
                Arbitraries.longs().map(ReplicationMessage.WriteAck::new),
                Combinators.combine(Arbitraries.longs(), keys()).as(ReplicationMessage.Read::new),
                Combinators.combine(Arbitraries.longs(), siblings()).as(ReplicationMessage.ReadReply::new),
                Combinators.combine(keys(), siblings()).as(ReplicationMessage.Repair::new),
                Arbitraries.longs().map(ReplicationMessage.ReplicaFailed::new),
                Combinators.combine(Arbitraries.longs(), keys(), contexts(), values(), quorums())
                        .as(ReplicationMessage.ForwardPut::new),
                Combinators.combine(Arbitraries.longs(), contexts()).as(ReplicationMessage.ForwardPutDone::new),
                Arbitraries.longs().map(ReplicationMessage.ForwardPutAccepted::new),
                Combinators.combine(Arbitraries.longs(), Arbitraries.integers(), Arbitraries.integers(),
                        nodes().list().ofMaxSize(5)).as(ReplicationMessage.ForwardPutFailed::new),
                Combinators.combine(Arbitraries.longs(), Arbitraries.of(ReplicationMessage.ForwardPutRefused.Refusal.class),
                        Arbitraries.strings().ofMaxLength(1100)).as(ReplicationMessage.ForwardPutRefused::new),
                Combinators.combine(Arbitraries.longs(), keys(), siblings()).as(HandoffMessage.DeliverHint::new),
                Arbitraries.longs().map(HandoffMessage.HintDeliveryAck::new),
                Arbitraries.longs().map(ProbeMessage.Ping::new),
                Arbitraries.longs().map(ProbeMessage.Pong::new),
                views().map(GossipMessage.Push::new),
                views().map(GossipMessage.Reply::new),
                Combinators.combine(Arbitraries.longs(), partitions(), cursors(),
                        Arbitraries.integers().between(1, TransferMessage.MAX_CHUNK_BYTES)).as(TransferMessage.ChunkRequest::new),
                Combinators.combine(Arbitraries.longs(), partitions(), cursors(), entries().list().ofMaxSize(4),
                        Arbitraries.of(true, false)).as((id, p, after, entries, last) ->
                                new TransferMessage.Chunk(id, p, after, entries, last || entries.isEmpty())),
                Combinators.combine(Arbitraries.longs(), partitions(), Arbitraries.of(TransferMessage.Reason.class))
                        .as(TransferMessage.Refused::new),
                antiEntropy()));
    }

    static Arbitrary<Integer> partitions() {
        return Arbitraries.integers().greaterOrEqual(0);
    }

    static Arbitrary<Optional<Key>> cursors() {
        return keys().optional();
    }

    static Arbitrary<TransferMessage.Entry> entries() {
        return Combinators.combine(keys(), siblings().filter(s -> !s.isEmpty())).as(TransferMessage.Entry::new);
    }

    /** Opaque view bytes: transport carries them without reading them. */
    static Arbitrary<byte[]> views() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(64);
    }

    /** The anti-entropy family: node and leaf indexes over the whole int range, any hashes. */
    static Arbitrary<Message> antiEntropy() {
        Arbitrary<Integer> indexes = Arbitraries.integers().greaterOrEqual(0);
        Arbitrary<AntiEntropyMessage.KeySiblings> keySiblings =
                Combinators.combine(keys(), siblings()).as(AntiEntropyMessage.KeySiblings::new);
        return Arbitraries.oneOf(List.of(
                Combinators.combine(Arbitraries.longs(), indexes, Arbitraries.integers(), indexes, indexes,
                        Combinators.combine(indexes, Arbitraries.longs()).as(AntiEntropyMessage.NodeHash::new)
                                .list().ofMaxSize(20)).as(AntiEntropyMessage.HashesRequest::new),
                Combinators.combine(Arbitraries.longs(), indexes, Arbitraries.integers(), indexes.list().ofMaxSize(20))
                        .as(AntiEntropyMessage.HashesReply::new),
                Combinators.combine(Arbitraries.longs(), indexes, Arbitraries.integers(), indexes.list().ofMaxSize(20))
                        .as(AntiEntropyMessage.DigestsRequest::new),
                Combinators.combine(Arbitraries.longs(), indexes, Arbitraries.integers(),
                                Arbitraries.integers().between(1, 1000), Arbitraries.integers().between(0, 999),
                                Combinators.combine(keys(), Arbitraries.longs()).as(AntiEntropyMessage.KeyDigest::new)
                                        .list().ofMaxSize(5))
                        .as((s, p, r, chunks, c, e) -> new AntiEntropyMessage.DigestsReply(s, p, r, c % chunks, chunks, e)),
                Combinators.combine(Arbitraries.longs(), indexes, keys().list().ofMaxSize(5))
                        .as(AntiEntropyMessage.Fetch::new),
                Combinators.combine(Arbitraries.longs(), indexes, keySiblings.list().ofMaxSize(3))
                        .as(AntiEntropyMessage.Siblings::new),
                Combinators.combine(Arbitraries.longs(), indexes, Arbitraries.integers(), keySiblings.list().ofMaxSize(3))
                        .as(AntiEntropyMessage.Push::new),
                Combinators.combine(Arbitraries.longs(), indexes, Arbitraries.integers())
                        .as(AntiEntropyMessage.PushAck::new),
                Combinators.combine(Arbitraries.longs(), indexes).as(AntiEntropyMessage.Decline::new)));
    }

    static Arbitrary<Key> keys() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(24).map(MessageArbitraries::defaultKey),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(24)
                        .map(name -> Key.of(Namespace.of("session"), name)),
                Combinators.combine(Arbitraries.integers().between(1000, Key.MAX_LENGTH), Arbitraries.longs())
                        .as(MessageArbitraries::seededBytes).map(name -> Key.of(Namespace.of("a".repeat(Namespace.MAX_LENGTH)), name)),
                Combinators.combine(Arbitraries.integers().between(1000, Key.MAX_LENGTH), Arbitraries.longs())
                        .as(MessageArbitraries::seededBytes).map(MessageArbitraries::defaultKey));
    }

    /** A key of the default namespace of {@code bytes}, whose first byte may not be 0xFF (namespaced keys' mark). */
    public static Key defaultKey(byte[] bytes) {
        byte[] b = bytes.clone();
        if (b[0] == (byte) 0xFF) {
            b[0] = 0x7F;
        }
        return Key.of(b);
    }

    /** Long byte strings drawn from a seed: jqwik builds a byte array byte by byte, which is slow at 1 KiB. */
    private static byte[] seededBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    static Arbitrary<NodeId> nodes() {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9')
                .withChars('.', '_', '-').ofMinLength(1).ofMaxLength(NodeId.MAX_LENGTH).map(NodeId::of);
    }

    static Arbitrary<Value> values() {
        return Arbitraries.oneOf(Arbitraries.just(Value.TOMBSTONE),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(64).map(Value::of));
    }

    static Arbitrary<List<Versioned<Value>>> siblings() {
        return Combinators.combine(versions(), values()).as(Versioned::new).list().ofMaxSize(4);
    }

    /** A dot above its node's counter in its past, as the store makes them. */
    static Arbitrary<DottedVersionVector> versions() {
        Arbitrary<NodeId> writers = Arbitraries.of("n1", "n2", "n3", "node-7").map(NodeId::of);
        Arbitrary<VectorClock> pasts = clocks(writers, 6, ClockLimits.MAX_COUNTER / 2);
        return Combinators.combine(writers, Arbitraries.longs().between(1, ClockLimits.MAX_COUNTER / 2),
                        timestamps(), pasts)
                .as((node, ahead, ts, past) -> new DottedVersionVector(new Dot(node, past.counter(node) + ahead, ts), past));
    }

    static Arbitrary<Context> contexts() {
        Arbitrary<NodeId> shortIds = Arbitraries.strings().withCharRange('a', 'z').withChars('.', '_', '-', '7')
                .ofMinLength(1).ofMaxLength(8).map(NodeId::of);
        return clocks(shortIds, Context.MAX_ENTRIES, ClockLimits.MAX_COUNTER).map(Context::new);
    }

    /** Timestamps as clocks may hold them: up to the end of the year 9999. */
    private static Arbitrary<Long> timestamps() {
        return Arbitraries.longs().between(0, ClockLimits.MAX_TIMESTAMP_MILLIS);
    }

    static Arbitrary<Quorum> quorums() {
        return Arbitraries.integers().between(1, 20).flatMap(n -> Combinators.combine(
                Arbitraries.integers().between(1, n), Arbitraries.integers().between(1, n)).as((r, w) -> new Quorum(n, r, w)));
    }

    private static Arbitrary<VectorClock> clocks(Arbitrary<NodeId> nodes, int maxEntries, long maxCounter) {
        return Combinators.combine(nodes, Arbitraries.longs().between(1, maxCounter), timestamps())
                .as(VectorClock.Entry::new).list().ofMaxSize(maxEntries).uniqueElements(VectorClock.Entry::node)
                .map(entries -> VectorClock.of(entries.toArray(VectorClock.Entry[]::new)));
    }
}
