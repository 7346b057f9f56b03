package io.dynacart.store.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Dot;
import io.dynacart.store.versioning.DottedVersionVector;
import io.dynacart.store.versioning.VectorClock;
import io.dynacart.store.versioning.Versioned;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The settled-read law of last-write-wins ({@link NamespaceInvariants#judgeLatest}) on hand-built
 * versions: it accepts what the mode allows and names each way a read can break it.
 */
class LastWriteWinsLawTest {

    private static final NodeId A = NodeId.of("a");
    private static final NodeId B = NodeId.of("b");

    private static Versioned<Value> written(NodeId by, long counter, long at, String value, Versioned<?>... after) {
        VectorClock past = VectorClock.EMPTY;
        for (Versioned<?> v : after) {
            past = past.merge(v.version().clock());
        }
        return new Versioned<>(new DottedVersionVector(new Dot(by, counter, at), past),
                value == null ? Value.TOMBSTONE : Value.of(value.getBytes(StandardCharsets.UTF_8)));
    }

    private final Versioned<Value> early = written(A, 1, 1_000, "early");
    private final Versioned<Value> late = written(B, 1, 2_000, "late");

    @Test
    void theLatestAcknowledgedOrALaterConcurrentOneMayShow() {
        Versioned<Value> laterUnacknowledged = written(A, 2, 3_000, "later, its put failed");
        assertThat(NamespaceInvariants.judgeLatest(List.of(late), List.of(early, late))).isEmpty();
        assertThat(NamespaceInvariants.judgeLatest(List.of(laterUnacknowledged), List.of(early, late)))
                .as("one of two concurrent writes is lost, the earlier").isEmpty();
        assertThat(NamespaceInvariants.judgeLatest(List.of(), List.of())).as("nothing acknowledged").isEmpty();
    }

    @Test
    void anEarlierConcurrentVersionShowingMeansTheLatestWasLost() {
        assertThat(NamespaceInvariants.judgeLatest(List.of(early), List.of(early, late)))
                .hasValueSatisfying(p -> assertThat(p).contains("latest acknowledged write is"));
    }

    @Test
    void aVersionAnAcknowledgedWriteSupersedesMustNotShow() {
        Versioned<Value> overwritten = written(A, 1, 1_000, "overwritten");
        Versioned<Value> over = written(B, 1, 900, "over it, by a clock a little behind", overwritten);
        assertThat(NamespaceInvariants.judgeLatest(List.of(overwritten), List.of(over)))
                .hasValueSatisfying(p -> assertThat(p).contains("supersedes"));
    }

    @Test
    void nothingMayShowOnlyWhenTheLatestIsADelete() {
        Versioned<Value> deleted = written(A, 2, 3_000, null, early);
        assertThat(NamespaceInvariants.judgeLatest(List.of(), List.of(late, deleted))).isEmpty();
        assertThat(NamespaceInvariants.judgeLatest(List.of(), List.of(early, late)))
                .hasValueSatisfying(p -> assertThat(p).contains("latest acknowledged write is"));
    }
}
