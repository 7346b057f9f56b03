package io.dynacart.store.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.identity.NodeId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SourceRotation}: which source a transfer asks after misses, refusals and chunks. */
class SourceRotationTest {

    private static final NodeId A = NodeId.of("a");
    private static final NodeId B = NodeId.of("b");

    @Test
    void aSourceIsAskedItsAttemptsInARowThenTheNext() {
        SourceRotation r = SourceRotation.over(List.of(A, B), 3);
        assertThat(r.current()).isEqualTo(A);
        assertThat(r.afterMiss().current()).isEqualTo(A);
        assertThat(r.afterMiss().afterMiss().current()).isEqualTo(A);
        assertThat(r.afterMiss().afterMiss().afterMiss().current()).as("the third miss moves on").isEqualTo(B);
    }

    @Test
    void aChunkResetsTheMissesSoScatteredLossesDoNotExhaustASource() {
        SourceRotation r = SourceRotation.over(List.of(A, B), 3);
        SourceRotation afterScatteredLosses = r.afterMiss().afterMiss().afterChunk().afterMiss().afterMiss();
        assertThat(afterScatteredLosses.current()).isEqualTo(A);
    }

    @Test
    void aRefusalMovesOnAtOnceAndTheLastSourceExhausts() {
        SourceRotation r = SourceRotation.over(List.of(A, B), 3).afterRefusal();
        assertThat(r.current()).isEqualTo(B);
        assertThat(r.isCurrent(A)).isFalse();
        SourceRotation exhausted = r.afterRefusal();
        assertThat(exhausted.exhausted()).isTrue();
        assertThat(exhausted.isCurrent(B)).isFalse();
        assertThat(exhausted.afterRefusal()).as("exhaustion is final").isEqualTo(exhausted);
        assertThatThrownBy(exhausted::current).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void oneAttemptPerSourceMovesOnAtTheFirstMiss() {
        assertThat(SourceRotation.over(List.of(A, B), 1).afterMiss().current()).isEqualTo(B);
    }
}
