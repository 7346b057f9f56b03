package io.dynacart.store.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.identity.NodeId;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link DurableCopy}: who must force a put in ONE mode, and when the copy counts as made. */
class DurableCopyTest {

    private static final NodeId N1 = NodeId.of("n1");
    private static final NodeId N2 = NodeId.of("n2");
    private static final NodeId N3 = NodeId.of("n3");
    private static final NodeId N4 = NodeId.of("n4");

    @Test
    void theCopyIsMadeOnlyOnceTheNodeAskedForItAcknowledged() {
        DurableCopy copy = DurableCopy.at(N1);
        assertThat(copy.isCopy(N1)).isTrue();
        assertThat(copy.isCopy(N2)).as("the other replicas buffer the write").isFalse();
        assertThat(copy.made(Set.of(N2, N3)::contains)).as("W acks without the durable one are not enough").isFalse();
        assertThat(copy.made(Set.of(N1)::contains)).isTrue();
    }

    @Test
    void aStandInForTheDurableNodeOrForOneOfItsStandInsHoldsTheCopyToo() {
        DurableCopy copy = DurableCopy.at(N1);
        copy.standIn(N2, N3);
        assertThat(copy.isCopy(N3)).as("a stand-in for a buffering replica buffers").isFalse();
        copy.standIn(N1, N4);
        assertThat(copy.isCopy(N4)).as("a stand-in for the durable replica is asked to force").isTrue();
        assertThat(copy.made(Set.of(N4)::contains)).as("its acknowledgement makes the copy").isTrue();
        copy.standIn(N4, N3);
        assertThat(copy.isCopy(N3)).as("and so does a stand-in for that stand-in").isTrue();
    }

    @Test
    void otherModesNeedNoParticularCopy() {
        assertThat(DurableCopy.NOT_NEEDED.made(n -> false)).isTrue();
        DurableCopy.NOT_NEEDED.standIn(N1, N2);
        assertThat(DurableCopy.NOT_NEEDED.isCopy(N2)).as("no write is asked to force").isFalse();
    }
}
