package io.dynacart.store.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Dot;
import io.dynacart.store.versioning.DottedVersionVector;
import io.dynacart.store.versioning.VectorClock;
import io.dynacart.store.versioning.Versioned;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadTallyTest {

    private static final NodeId N1 = NodeId.of("n1");
    private static final NodeId N2 = NodeId.of("n2");
    private static final NodeId N3 = NodeId.of("n3");

    private static Versioned<Value> v(String node, long counter, VectorClock past) {
        return new Versioned<>(new DottedVersionVector(new Dot(NodeId.of(node), counter, 0), past), Value.of(new byte[] {1}));
    }

    private static final Versioned<Value> A1 = v("n1", 1, VectorClock.EMPTY);
    private static final Versioned<Value> A2 = v("n1", 2, VectorClock.of(new VectorClock.Entry(N1, 1, 0)));
    private static final Versioned<Value> B1 = v("n2", 1, VectorClock.of(new VectorClock.Entry(N1, 1, 0)));

    @Test
    void succeedsAtRDistinctRepliesAndMergesThem() {
        ReadTally tally = new ReadTally(2, List.of(N1, N2, N3));
        assertThat(tally.reply(N1, List.of(A2))).isEqualTo(Decision.PENDING);
        assertThat(tally.reply(N1, List.of(A2))).as("a repeated reply counts once").isEqualTo(Decision.PENDING);
        assertThat(tally.reply(N2, List.of(B1))).isEqualTo(Decision.SUCCEEDED);
        assertThat(tally.merged()).containsExactly(A2, B1);
    }

    @Test
    void failsOnceRRepliesAreImpossible() {
        ReadTally tally = new ReadTally(2, List.of(N1, N2, N3));
        tally.fail(N1);
        assertThat(tally.fail(N2)).isEqualTo(Decision.FAILED);
        assertThat(tally.reply(N3, List.of(A1))).as("final").isEqualTo(Decision.FAILED);
    }

    @Test
    void staleReplicasAreThoseMissingAVersionOfTheMerge() {
        ReadTally tally = new ReadTally(2, List.of(N1, N2, N3));
        tally.reply(N1, List.of(A1));
        tally.reply(N2, List.of(A2, B1));
        tally.reply(N3, List.of(A2, B1));
        assertThat(tally.merged()).containsExactly(A2, B1);
        assertThat(tally.staleReplicas()).containsExactly(N1);
        assertThat(tally.missing()).isEmpty();
        assertThat(tally.settled()).isTrue();
    }

    @Test
    void anEmptyReplyFromAReplicaThatLacksTheKeyIsStale() {
        ReadTally tally = new ReadTally(1, List.of(N1, N2));
        tally.reply(N1, List.of(A1));
        tally.reply(N2, List.of());
        assertThat(tally.staleReplicas()).containsExactly(N2);
    }
}
