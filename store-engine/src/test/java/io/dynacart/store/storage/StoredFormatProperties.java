package io.dynacart.store.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.transport.MessageArbitraries;
import io.dynacart.store.versioning.Dot;
import io.dynacart.store.versioning.DottedVersionVector;
import io.dynacart.store.versioning.VectorClock;
import io.dynacart.store.versioning.Versioned;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** The stored sibling format and the log record format round-trip, and reject damage with their typed error. */
class StoredFormatProperties {

    @Provide
    Arbitrary<List<Versioned<Value>>> siblings() {
        Arbitrary<NodeId> nodes = Arbitraries.of("a", "b", "c", "node-7").map(NodeId::of);
        Arbitrary<VectorClock> pasts = Combinators.combine(nodes, Arbitraries.longs().between(1, 50),
                        Arbitraries.longs().between(0, 2_000_000_000_000L))
                .as(VectorClock.Entry::new).list().ofMaxSize(4).uniqueElements(VectorClock.Entry::node)
                .map(l -> VectorClock.of(l.toArray(VectorClock.Entry[]::new)));
        Arbitrary<Value> values = Arbitraries.oneOf(Arbitraries.just(Value.TOMBSTONE),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(64).map(Value::of));
        Arbitrary<Versioned<Value>> sibling = Combinators.combine(nodes, Arbitraries.longs().between(51, 60), pasts, values)
                .as((node, counter, past, value) -> new Versioned<>(
                        new DottedVersionVector(new Dot(node, counter, 7), past), value));
        return sibling.list().ofMaxSize(5);
    }

    @Provide
    Arbitrary<NodeId> nodeIds() {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9')
                .withChars('.', '_', '-').ofMinLength(1).ofMaxLength(NodeId.MAX_LENGTH).map(NodeId::of);
    }

    /** Records of every type the log holds. */
    @Provide
    Arbitrary<LogRecord> records() {
        Arbitrary<Key> keys = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(40).map(MessageArbitraries::defaultKey);
        Arbitrary<byte[]> encoded = siblings().map(SiblingCodec::encode);
        Arbitrary<LogRecord> puts = Combinators.combine(keys, Arbitraries.integers().between(0, 255), encoded,
                        Arbitraries.longs(), Arbitraries.longs())
                .as((k, p, sib, kd, bd) -> new LogRecord.Put(k, KeyHash.of(k.toByteArray()), PartitionId.of(p), sib, kd, bd));
        Arbitrary<LogRecord> drops = Arbitraries.integers().between(0, 1 << 20).map(p -> new LogRecord.Drop(PartitionId.of(p)));
        Arbitrary<LogRecord> hintPuts = Combinators.combine(nodeIds(), keys, encoded).as(LogRecord.HintPut::new);
        Arbitrary<LogRecord> hintDeletes = Combinators.combine(nodeIds(), keys).as(LogRecord.HintDelete::new);
        return Arbitraries.oneOf(puts, drops, hintPuts, hintDeletes);
    }

    @Property(tries = 500)
    void siblingSetsRoundTrip(@ForAll("siblings") List<Versioned<Value>> siblings) {
        assertThat(SiblingCodec.decode(SiblingCodec.encode(siblings))).isEqualTo(siblings);
    }

    @Property(tries = 500)
    void logRecordsRoundTrip(@ForAll("siblings") List<Versioned<Value>> siblings, @ForAll @Size(min = 1, max = 40) byte[] key,
                             @ForAll long keysDelta, @ForAll long bytesDelta) {
        KeyHash hash = KeyHash.of(key);
        LogRecord.Put put = new LogRecord.Put(MessageArbitraries.defaultKey(key), hash, PartitionId.of(3), SiblingCodec.encode(siblings),
                keysDelta, bytesDelta);

        LogRecord back = LogRecord.decode(LogRecord.encode(put));

        assertThat(back).isInstanceOf(LogRecord.Put.class);
        LogRecord.Put p = (LogRecord.Put) back;
        assertThat(p.key()).isEqualTo(put.key());
        assertThat(p.hash()).isEqualTo(hash);
        assertThat(p.partition()).isEqualTo(put.partition());
        assertThat(SiblingCodec.decode(p.siblings())).isEqualTo(siblings);
        assertThat(p.keysDelta()).isEqualTo(keysDelta);
        assertThat(p.bytesDelta()).isEqualTo(bytesDelta);
        assertThat(LogRecord.decode(LogRecord.encode(new LogRecord.Drop(PartitionId.of(9)))))
                .isEqualTo(new LogRecord.Drop(PartitionId.of(9)));
    }

    @Property(tries = 500)
    void hintRecordsRoundTrip(@ForAll("siblings") List<Versioned<Value>> siblings, @ForAll @Size(min = 1, max = 40) byte[] key,
                              @ForAll("nodeIds") NodeId node) {
        LogRecord back = LogRecord.decode(LogRecord.encode(new LogRecord.HintPut(node, MessageArbitraries.defaultKey(key), SiblingCodec.encode(siblings))));

        assertThat(back).isInstanceOf(LogRecord.HintPut.class);
        LogRecord.HintPut h = (LogRecord.HintPut) back;
        assertThat(h.intendedFor()).isEqualTo(node);
        assertThat(h.key()).isEqualTo(MessageArbitraries.defaultKey(key));
        assertThat(SiblingCodec.decode(h.siblings())).isEqualTo(siblings);
        LogRecord.HintDelete delete = new LogRecord.HintDelete(node, MessageArbitraries.defaultKey(key));
        assertThat(LogRecord.decode(LogRecord.encode(delete))).isEqualTo(delete);
    }

    @Property(tries = 500)
    void everyRecordReEncodesToTheSameBytes(@ForAll("records") LogRecord record) {
        byte[] bytes = LogRecord.encode(record);
        assertThat(LogRecord.encode(LogRecord.decode(bytes))).as("decode then encode is the identity").isEqualTo(bytes);
    }

    @Example
    void everyRecordTypeHasACodecTag() {
        LogRecord[] samples = {
            new LogRecord.Put(Key.of("k"), KeyHash.of("k"), PartitionId.of(1), SiblingCodec.encode(List.of()), 1, 2),
            new LogRecord.Drop(PartitionId.of(2)),
            new LogRecord.HintPut(NodeId.of("n2"), Key.of("k"), SiblingCodec.encode(List.of())),
            new LogRecord.HintDelete(NodeId.of("n2"), Key.of("k")),
        };
        List<Class<?>> types = new ArrayList<>();
        for (LogRecord r : samples) {
            types.add(r.getClass());
            assertThat(LogRecord.decode(LogRecord.encode(r))).isInstanceOf(r.getClass());
        }
        assertThat(types).as("a sample of every permitted record type").containsExactlyInAnyOrder(LogRecord.class.getPermittedSubclasses());
    }

    @Property(tries = 2000)
    void damagedSiblingBytesRaiseTheTypedErrorOnly(@ForAll("siblings") List<Versioned<Value>> siblings,
                                                    @ForAll int position, @ForAll byte replacement, @ForAll boolean cut) {
        byte[] bytes = SiblingCodec.encode(siblings);
        bytes[Math.floorMod(position, bytes.length)] = replacement;
        byte[] damaged = cut ? java.util.Arrays.copyOf(bytes, Math.floorMod(position, bytes.length)) : bytes;
        assertThatCode(() -> {
            try {
                SiblingCodec.decode(damaged);
            } catch (CorruptDataException expected) {
                assertThat(expected.getMessage()).startsWith("stored siblings");
            }
        }).doesNotThrowAnyException();
    }

    @Property(tries = 4000)
    void anyDamageToALogRecordIsCaught(@ForAll("records") LogRecord record, @ForAll int position,
                                       @ForAll byte replacement) {
        byte[] bytes = LogRecord.encode(record);
        int at = Math.floorMod(position, bytes.length);
        List<Byte> unchanged = new ArrayList<>();
        if (bytes[at] == replacement) {
            unchanged.add(replacement);
        }
        bytes[at] = replacement;
        assertThatCode(() -> {
            try {
                LogRecord.decode(bytes);
                assertThat(unchanged).as("only an unchanged record decodes").isNotEmpty();
            } catch (CorruptDataException expected) {
                assertThat(expected.getMessage()).startsWith("log record");
            }
        }).doesNotThrowAnyException();
    }
}
