package io.dynacart.bench;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Causality;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.VectorClock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Clock compare and merge, context encode and decode, on clocks of the size a key really has:
 * {@code entries} = 3 (its N replicas) and 10 (the truncation threshold).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class VersioningBenchmark {

    @Param({"3", "10"})
    int entries;

    VectorClock a;
    VectorClock b;
    Context context;
    byte[] contextBytes;
    String contextText;

    @Setup
    public void setUp() {
        long now = 1_763_000_000_000L;
        VectorClock base = VectorClock.EMPTY;
        for (int i = 1; i <= entries; i++) {
            base = base.increment(NodeId.of("n" + i), now + i, Integer.MAX_VALUE);
        }
        a = base.increment(NodeId.of("n1"), now + 100, Integer.MAX_VALUE);
        b = base.increment(NodeId.of("n2"), now + 101, Integer.MAX_VALUE);
        context = new Context(a.merge(b));
        contextBytes = context.toBytes();
        contextText = context.toBase64Url();
    }

    @Benchmark
    public Causality compare() {
        return a.compare(b);
    }

    @Benchmark
    public VectorClock merge() {
        return a.merge(b);
    }

    @Benchmark
    public byte[] contextEncode() {
        return context.toBytes();
    }

    @Benchmark
    public Context contextDecode() {
        return Context.fromBytes(contextBytes);
    }

    @Benchmark
    public String contextEncodeBase64Url() {
        return context.toBase64Url();
    }

    @Benchmark
    public Context contextDecodeBase64Url() {
        return Context.fromBase64Url(contextText);
    }
}
