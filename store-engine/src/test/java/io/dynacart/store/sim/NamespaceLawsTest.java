package io.dynacart.store.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.Partitioner;
import io.dynacart.store.storage.MemoryStorage;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.Dot;
import io.dynacart.store.versioning.DottedVersionVector;
import io.dynacart.store.versioning.VectorClock;
import io.dynacart.store.versioning.Versioned;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each law of {@link NamespaceInvariants} on a doctored history (hand-made writes, reads, stored and
 * purged versions, with the namespaces of {@link NamespaceMix#standard()}): it names the violation
 * planted, and keeps quiet about the same history without it. So none is a law that cannot fail.
 */
class NamespaceLawsTest {

    private static final NodeId N1 = NodeId.of("n1");
    private static final NodeId N2 = NodeId.of("n2");
    private static final NodeId N3 = NodeId.of("n3");
    private static final Key LWW = Key.of(NamespaceMix.LWW, "k0");
    private static final Key SHORT = Key.of(NamespaceMix.SHORT, "k0");
    private static final Key STRICT = Key.of(NamespaceMix.STRICT, "k0");
    /** The ttl of {@code short}, in ms. */
    private static final long TTL = NamespaceMix.SHORT_TTL_SECONDS * 1_000;

    private final NamespaceMix mix = NamespaceMix.standard();
    private final History history = new History(mix::lastWriteWins);
    private final RecordingStorage.VersionLog log = new RecordingStorage.VersionLog();
    /** What each key's replicas and hints hold now, as the doctored cluster would serve it. */
    private final Map<Key, List<Versioned<Value>>> held = new HashMap<>();
    private long now;
    private final NamespaceInvariants laws = new NamespaceInvariants(history, log, mix,
            key -> held.getOrDefault(key, List.of()), () -> now);

    /** A put of {@code key} begun at {@code atMillis}, acknowledged 5 ms later; its version, stamped by {@code by}, is logged. */
    private Versioned<Value> put(Key key, NodeId by, long counter, long atMillis, Versioned<?>... after) {
        History.Write w = history.begin(key, false, Context.EMPTY, null);
        w.startedAt = atMillis;
        w.answeredAt = atMillis + 5;
        history.acknowledged(w, atMillis + 5);
        VectorClock past = VectorClock.EMPTY;
        for (Versioned<?> v : after) {
            past = past.merge(v.version().clock());
        }
        Versioned<Value> version = new Versioned<>(new DottedVersionVector(
                new Dot(by, counter, SimScheduler.EPOCH_MILLIS + atMillis), past),
                Value.of(w.value().getBytes(StandardCharsets.UTF_8)));
        log.saw(key, version);
        return version;
    }

    private History.Write last() {
        return history.writes.get(history.writes.size() - 1);
    }

    private RecordingStorage storage() {
        return new RecordingStorage(new MemoryStorage(new Partitioner(8)), log);
    }

    @Test
    void acknowledgedWritesHeldByWNamesAWriteFewerThanWNodesHadStored() {
        Versioned<Value> v = put(STRICT, N1, 1, 100);
        History.Write w = last();
        w.quorum = new Quorum(3, 1, 3);
        Map<NodeId, History.Taken> taken = new LinkedHashMap<>();
        for (NodeId id : List.of(N1, N2, N3)) {
            RecordingStorage s = storage();
            if (!id.equals(N3)) {
                s.put(STRICT, v);
            }
            taken.put(id, new History.Taken(s, s.taken(STRICT)));
        }
        w.takenAtAck = taken;

        assertThat(laws.acknowledgedWritesHeldByW()).singleElement().asString()
                .contains("W=3", "stored by then only by [n1, n2]");

        w.quorum = new Quorum(3, 1, 2);
        assertThat(laws.acknowledgedWritesHeldByW()).as("two stores are enough for W=2").isEmpty();
        w.quorum = new Quorum(3, 1, 3);
        w.lossesAtEnd = w.lossesAtStart + 1;
        assertThat(laws.acknowledgedWritesHeldByW()).as("not judged: a disk was lost during the write").isEmpty();
    }

    @Test
    void lastWriteWinsNamesSiblingsAndASettledReadThatLostTheLatestWrite() {
        Versioned<Value> early = put(LWW, N1, 1, 100);
        Versioned<Value> late = put(LWW, N2, 1, 200);
        history.read(LWW, 300, 305, List.of(early, late));
        assertThat(laws.lastWriteWins()).singleElement().asString().contains("showed 2 versions");

        history.answered.clear();
        history.settledAt = 1_000;
        history.read(LWW, 500, 505, List.of(early));
        assertThat(laws.lastWriteWins()).as("before the cluster settled a read may lag").isEmpty();
        history.read(LWW, 2_000, 2_005, List.of(early));
        assertThat(laws.lastWriteWins()).singleElement().asString()
                .contains("settled read", "latest acknowledged write is");

        history.answered.clear();
        history.read(LWW, 2_000, 2_005, List.of(late));
        assertThat(laws.lastWriteWins()).isEmpty();
    }

    @Test
    void namespacesNotForgottenNamesARefusalByANodeThatKnewTheNamespace() {
        history.unknownNamespace.add(new History.Refusal(SHORT, N2, 700, false, "unknown namespace short"));
        assertThat(laws.namespacesNotForgotten()).as("a node wiped since may not know it yet").isEmpty();
        assertThat(laws.refusedBeforeKnowing()).isEqualTo(1);

        history.unknownNamespace.add(new History.Refusal(SHORT, N1, 900, true, "unknown namespace short"));
        assertThat(laws.namespacesNotForgotten()).singleElement().asString()
                .contains("n1, which knew short when asked, refused short/k0 at 900 ms");
    }

    @Test
    void noExpiredVersionReturnsNamesAReadThatShowedAVersionPastItsTtl() {
        Versioned<Value> v = put(SHORT, N1, 1, 100);
        history.read(SHORT, 100 + TTL - 1, 100 + TTL + 3, List.of(v));
        assertThat(laws.noExpiredVersionReturns()).as("not expired when the read began").isEmpty();

        history.read(SHORT, 100 + TTL, 100 + TTL + 3, List.of(v));
        assertThat(laws.noExpiredVersionReturns()).singleElement().asString()
                .contains("written at 100 ms", "past its ttl of 2000 ms");
        history.read(STRICT, 100 + TTL, 100 + TTL + 3, List.of(put(STRICT, N1, 1, 100)));
        assertThat(laws.noExpiredVersionReturns()).as("strict has no ttl").hasSize(1);
    }

    @Test
    void expiredKeysCollectedNamesAKeyExpiredWholeThatNoReplicaPurged() {
        Versioned<Value> v = put(SHORT, N1, 1, 100);
        held.put(SHORT, List.of(v));
        now = 100 + TTL - 1;
        assertThat(laws.expiredKeysCollected(List.of(SHORT))).as("not expired yet").isEmpty();

        now = 100 + TTL + 30_000;
        assertThat(laws.expiredKeysCollected(List.of(SHORT))).singleElement().asString()
                .contains("short/k0 expired whole, but no replica ever purged");
        assertThat(laws.expiredKeysHeld(List.of(SHORT))).isEqualTo(1);

        log.purged(SHORT, List.of(v));
        assertThat(laws.expiredKeysCollected(List.of(SHORT)))
                .as("one replica purged it; another may still hold it until it ages there").isEmpty();
    }
}
