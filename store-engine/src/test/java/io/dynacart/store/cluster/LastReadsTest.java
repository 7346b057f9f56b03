package io.dynacart.store.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.VectorClock;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The fastest replica of a key's last read is preferred for a write that carries exactly that read's context. */
class LastReadsTest {

    private static final Key KEY = Key.of("cart:7");
    private static final NodeId N2 = NodeId.of("n2");
    private static final NodeId N3 = NodeId.of("n3");
    private static final Context READ = new Context(VectorClock.EMPTY.increment(NodeId.of("n1"), 1_000));
    private static final Context LATER = new Context(VectorClock.EMPTY.increment(NodeId.of("n1"), 1_000).increment(N2, 2_000));

    @Test
    void aWriteWithTheReadsContextPrefersTheReadsFastestReplica() {
        LastReads reads = new LastReads(10);
        reads.read(KEY, READ, Optional.of(N2));
        assertThat(reads.preferredFor(KEY, READ)).contains(N2);
        assertThat(reads.preferredFor(KEY, new Context(READ.clock()))).as("contexts compare by value").contains(N2);
    }

    @Test
    void aWriteWithAnotherContextOrKeyHasNoPreference() {
        LastReads reads = new LastReads(10);
        reads.read(KEY, READ, Optional.of(N2));
        assertThat(reads.preferredFor(KEY, LATER)).isEmpty();
        assertThat(reads.preferredFor(KEY, Context.EMPTY)).as("a blind write").isEmpty();
        assertThat(reads.preferredFor(Key.of("cart:8"), READ)).isEmpty();
    }

    @Test
    void theLatestReadOfAKeyWinsAndAReadWithoutAFastestReplicaForgetsIt() {
        LastReads reads = new LastReads(10);
        reads.read(KEY, READ, Optional.of(N2));
        reads.read(KEY, LATER, Optional.of(N3));
        assertThat(reads.preferredFor(KEY, READ)).isEmpty();
        assertThat(reads.preferredFor(KEY, LATER)).contains(N3);
        reads.read(KEY, LATER, Optional.empty());
        assertThat(reads.preferredFor(KEY, LATER)).as("an older node's answer names none").isEmpty();
        assertThat(reads.size()).isZero();
    }

    @Test
    void theOldestReadsAreForgottenPastTheCapacity() {
        LastReads reads = new LastReads(3);
        for (int i = 0; i < 5; i++) {
            reads.read(Key.of("k" + i), READ, Optional.of(N2));
        }
        assertThat(reads.size()).isEqualTo(3);
        assertThat(reads.preferredFor(Key.of("k0"), READ)).isEmpty();
        assertThat(reads.preferredFor(Key.of("k1"), READ)).isEmpty();
        assertThat(reads.preferredFor(Key.of("k4"), READ)).contains(N2);
        reads.read(Key.of("k2"), READ, Optional.of(N3)); // read again: now the newest
        reads.read(Key.of("k5"), READ, Optional.of(N2));
        assertThat(reads.preferredFor(Key.of("k2"), READ)).contains(N3);
        assertThat(reads.preferredFor(Key.of("k3"), READ)).isEmpty();
    }
}
