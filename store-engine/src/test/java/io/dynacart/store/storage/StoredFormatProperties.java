package io.dynacart.store.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.versioning.Dot;
import io.dynacart.store.versioning.DottedVersionVector;
import io.dynacart.store.versioning.VectorClock;
import io.dynacart.store.versioning.Versioned;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
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

    @Property(tries = 500)
    void siblingSetsRoundTrip(@ForAll("siblings") List<Versioned<Value>> siblings) {
        assertThat(SiblingCodec.decode(SiblingCodec.encode(siblings))).isEqualTo(siblings);
    }

    @Property(tries = 500)
    void logRecordsRoundTrip(@ForAll("siblings") List<Versioned<Value>> siblings, @ForAll @Size(min = 1, max = 40) byte[] key,
                             @ForAll long keysDelta, @ForAll long bytesDelta) {
        KeyHash hash = KeyHash.of(key);
        LogRecord.Put put = new LogRecord.Put(Key.of(key), hash, PartitionId.of(3), SiblingCodec.encode(siblings),
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

    @Property(tries = 2000)
    void anyDamageToALogRecordIsCaught(@ForAll("siblings") List<Versioned<Value>> siblings, @ForAll int position,
                                       @ForAll byte replacement) {
        byte[] bytes = LogRecord.encode(new LogRecord.Put(Key.of("k"), KeyHash.of("k"), PartitionId.of(1),
                SiblingCodec.encode(siblings), 1, 10));
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
