package io.dynacart.bench;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.Claim;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.PreferenceList;
import io.dynacart.store.ring.Ring;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * The cost of placing a key: hashing it and looking up its preference list, on the default ring
 * (Q = 256) with the demo's 5 nodes and with 64 nodes. A different key each call, from a pool of
 * 4096, so the lookup is not one cached line.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class RingBenchmark {

    @Param({"5", "64"})
    int nodes;

    Ring ring;
    byte[][] keys;
    int next;

    @Setup
    public void setUp() {
        Map<NodeId, Integer> weights = new LinkedHashMap<>();
        for (int i = 1; i <= nodes; i++) {
            weights.put(NodeId.of("n" + i), 1);
        }
        ring = Claim.initial(weights, 256, 3);
        keys = new byte[4096][];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = ("cart:" + (1_000_000 + i * 7919)).getBytes(StandardCharsets.UTF_8);
        }
    }

    @Benchmark
    public KeyHash hashOnly() {
        return KeyHash.of(keys[next++ & 4095]);
    }

    @Benchmark
    public PreferenceList preferenceListLookup() {
        return ring.preferenceList(keys[next++ & 4095], 3);
    }
}
