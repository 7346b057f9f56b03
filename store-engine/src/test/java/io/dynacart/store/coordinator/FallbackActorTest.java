package io.dynacart.store.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Dot;
import io.dynacart.store.versioning.DottedVersionVector;
import io.dynacart.store.versioning.VectorClock;
import io.dynacart.store.versioning.Versioned;
import java.util.List;
import org.junit.jupiter.api.Test;

class FallbackActorTest {

    private static final Key K = Key.of("k");
    private final FallbackActor actors = new FallbackActor(NodeId.of("n2"), 36 * 36);

    private static List<Versioned<Value>> versionBy(NodeId actor) {
        return List.of(new Versioned<>(new DottedVersionVector(new Dot(actor, 1, 0), VectorClock.EMPTY), Value.TOMBSTONE));
    }

    @Test
    void aKeysFallbackWritesShareOneNameWhileNothingWasForgotten() {
        NodeId first = actors.forKey(K);
        assertThat(first.value()).isEqualTo("n2_100.0");
        assertThat(actors.issue(K, first, 1)).isTrue();
        assertThat(actors.forKey(K)).isEqualTo(first);
        assertThat(actors.forKey(Key.of("other"))).as("another key, another name").isNotEqualTo(first);
    }

    @Test
    void forgettingAHintThatHeldOneOfItsVersionsRetiresTheName() {
        NodeId first = actors.forKey(K);
        actors.forget(K, versionBy(NodeId.of("n1")), false);
        assertThat(actors.forKey(K)).as("the hint held only another writer's version").isEqualTo(first);

        actors.forget(K, versionBy(first), false);
        assertThat(actors.forKey(K)).as("a version issued under it went with the hint").isNotEqualTo(first);
    }

    @Test
    void noHintOfTheKeyLeftRetiresTheName() {
        NodeId first = actors.forKey(K);
        actors.forget(K, versionBy(NodeId.of("n1")), true);
        assertThat(actors.forKey(K)).isNotEqualTo(first);
    }

    @Test
    void aCounterIssuedBeforeIsRefusedAndTheNameRetired() {
        NodeId first = actors.forKey(K);
        assertThat(actors.issue(K, first, 3)).isTrue();
        assertThat(actors.issue(K, first, 3)).as("never twice").isFalse();
        assertThat(actors.forKey(K)).isNotEqualTo(first);
    }

    @Test
    void aNodeIdTooLongToNameFallbackWritesIsRefused() {
        assertThatThrownBy(() -> new FallbackActor(NodeId.of("x".repeat(50)), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too long");
    }
}
