package io.dynacart.store.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.NamespaceChange;
import io.dynacart.store.api.NamespaceConfig;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.Reconcile;
import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.Namespace;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.Dot;
import io.dynacart.store.versioning.DottedVersionVector;
import io.dynacart.store.versioning.VectorClock;
import io.dynacart.store.versioning.Versioned;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class NamespaceRulesTest {

    private static final Namespace SESSION = Namespace.of("session");
    private static final Key KEY = Key.of(SESSION, "s1");
    private static final NodeId A = NodeId.of("a");
    private static final NodeId B = NodeId.of("b");

    private static Versioned<Value> written(NodeId by, long counter, long atMillis, String value) {
        return new Versioned<>(new DottedVersionVector(new Dot(by, counter, atMillis), VectorClock.EMPTY),
                value == null ? Value.TOMBSTONE : Value.of(value.getBytes(StandardCharsets.UTF_8)));
    }

    private static NamespaceConfig namespace(Reconcile mode, long ttlSeconds) {
        return new NamespaceChange(SESSION, null, null, null, mode, ttlSeconds, null, null).applyTo(null, Quorum.DEFAULT);
    }

    @Test
    void aVersionExpiresTtlSecondsAfterItsWriteAndTheReadKeepsItsContext() {
        NamespaceConfig tenSeconds = namespace(Reconcile.SIBLINGS, 10);
        Versioned<Value> old = written(A, 1, 1_000, "old");
        Versioned<Value> fresh = written(B, 1, 5_000, "fresh");
        GetResult read = GetResult.of(KEY, List.of(old, fresh));

        assertThat(NamespaceRules.visible(read, tenSeconds, 10_999).siblings()).containsExactly(old, fresh);
        GetResult later = NamespaceRules.visible(read, tenSeconds, 11_000);
        assertThat(later.siblings()).as("at write time + ttl the old one is gone").containsExactly(fresh);
        assertThat(later.context()).as("a put with the read's context supersedes the expired version too")
                .isEqualTo(read.context());
        assertThat(NamespaceRules.visible(read, tenSeconds, 15_000).siblings()).isEmpty();
        assertThat(NamespaceRules.visible(read, namespace(Reconcile.SIBLINGS, 0), Long.MAX_VALUE / 2))
                .as("no ttl: nothing expires").isSameAs(read);
    }

    @Test
    void lastWriteWinsShowsTheLatestVersionTiesBrokenTheSameWayEverywhere() {
        NamespaceConfig lww = namespace(Reconcile.LAST_WRITE_WINS, 0);
        Versioned<Value> first = written(A, 1, 1_000, "first");
        Versioned<Value> second = written(B, 1, 2_000, "second");
        assertThat(NamespaceRules.visible(GetResult.of(KEY, List.of(first, second)), lww, 0).siblings())
                .containsExactly(second);
        assertThat(NamespaceRules.visible(GetResult.of(KEY, List.of(second, first)), lww, 0).siblings())
                .containsExactly(second);
        Versioned<Value> sameTimeA = written(A, 7, 3_000, "a");
        Versioned<Value> sameTimeB = written(B, 2, 3_000, "b");
        assertThat(NamespaceRules.visible(GetResult.of(KEY, List.of(sameTimeA, sameTimeB)), lww, 0).siblings())
                .containsExactly(sameTimeB);
        Versioned<Value> deleted = written(A, 2, 4_000, null);
        assertThat(NamespaceRules.visible(GetResult.of(KEY, List.of(second, deleted)), lww, 0).siblings())
                .as("a later delete wins as any write does").containsExactly(deleted);
    }

    @Test
    void aPutUnderLastWriteWinsSupersedesEveryVersionItsCoordinatorHolds() {
        List<Versioned<Value>> held = List.of(written(A, 1, 1_000, "x"), written(B, 1, 1_500, "y"));
        Context blind = NamespaceRules.putContext(Context.EMPTY, held, namespace(Reconcile.LAST_WRITE_WINS, 0));
        assertThat(held).allMatch(blind::covers);
        assertThat(NamespaceRules.putContext(Context.EMPTY, held, namespace(Reconcile.SIBLINGS, 0)))
                .as("siblings: the client's context alone").isEqualTo(Context.EMPTY);
    }
}
