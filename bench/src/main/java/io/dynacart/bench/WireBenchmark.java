package io.dynacart.bench;

import io.dynacart.store.api.Value;
import io.dynacart.store.clientwire.ClientResponse;
import io.dynacart.store.clientwire.ResponseCodec;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.transport.Message;
import io.dynacart.store.transport.MessageCodec;
import io.dynacart.store.transport.ReplicationMessage;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.DottedVersionVector;
import io.dynacart.store.versioning.VectorClock;
import io.dynacart.store.versioning.Versioned;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The bytes of one quorum operation on the wire, as YCSB's records make it (a 200-byte value with a
 * clock of three replicas): a replicated write encoded and decoded between peers, and a found value
 * encoded for a client. Run with {@code -prof gc} for the bytes allocated per operation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class WireBenchmark {

    private ReplicationMessage.Write write;
    private byte[] writeFrame;
    private ClientResponse.Found found;

    @Setup
    public void setUp() {
        byte[] value = new byte[200];
        ThreadLocalRandom.current().nextBytes(value);
        long now = 1_763_000_000_000L;
        VectorClock clock = VectorClock.EMPTY;
        for (int i = 1; i <= 3; i++) {
            clock = clock.increment(NodeId.of("n" + i), now + i, Integer.MAX_VALUE);
        }
        Context context = new Context(clock);
        DottedVersionVector version = DottedVersionVector.forWrite(NodeId.of("n1"), now + 10, context, List.of(),
                VectorClock.DEFAULT_MAX_ENTRIES);
        List<Versioned<Value>> siblings = List.of(new Versioned<>(version, Value.of(value)));
        write = new ReplicationMessage.Write(42, Key.of("usertable:user6284781860667377211"), siblings);
        writeFrame = MessageCodec.encode(write);
        found = new ClientResponse.Found(42, context, siblings, false);
    }

    @Benchmark
    public byte[] peerWriteEncode() {
        return MessageCodec.encode(write);
    }

    @Benchmark
    public Message peerWriteDecode() {
        return MessageCodec.decode(writeFrame);
    }

    @Benchmark
    public byte[] clientFoundEncode() {
        return ResponseCodec.encode(found);
    }
}
