package io.dynacart.store.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.api.NamespaceConfig;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.Namespace;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.identity.Zone;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.PreferenceList;
import io.dynacart.store.storage.Merged;
import io.dynacart.store.transport.ReplicationMessage;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.Dot;
import io.dynacart.store.versioning.DottedVersionVector;
import io.dynacart.store.versioning.VectorClock;
import io.dynacart.store.versioning.Versioned;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A local R or W (Cassandra's LOCAL_QUORUM): a majority of the key's replicas in the coordinator's
 * zone, counting only that zone's answers. Four nodes, x1 (the coordinator) and x2 in zone x, y1
 * and y2 in zone y; with N=3 each key has two replicas in one zone and one in the other.
 */
class LocalQuorumTest {

    private static final NodeId X1 = NodeId.of("x1");
    private static final NodeId X2 = NodeId.of("x2");
    private static final NodeId Y1 = NodeId.of("y1");
    private static final NodeId Y2 = NodeId.of("y2");
    private static final Map<NodeId, Zone> ZONES = Map.of(X1, Zone.of("x"), X2, Zone.of("x"), Y1, Zone.of("y"),
            Y2, Zone.of("y"));

    private final OperationRig rig = new OperationRig(List.of(X1, X2, Y1, Y2), ZONES);

    @ParameterizedTest(name = "{0} of the key's replicas in the coordinator's zone: {1} answer(s)")
    @CsvSource({"0, 1", "1, 1", "2, 2", "3, 2", "4, 3", "5, 3"})
    void aLocalQuorumIsAMajorityOfTheZonesReplicasAndAtLeastOne(int inZone, int required) {
        assertThat(Quorum.localCount(inZone)).isEqualTo(required);
    }

    @Test
    void aNamespacesDefaultsAreNumbersLocalIsAskedPerRequest() {
        assertThatThrownBy(() -> NamespaceConfig.of(Namespace.of("cart"),
                new Quorum(3, Quorum.LOCAL, 2))).hasMessageContaining("local is asked per request");
    }

    @Test
    void aLocalQuorumCountsOnlyTheCoordinatorsZone() {
        PreferenceList twoHere = listWith(2);
        AnswersNeeded needed = AnswersNeeded.of(Quorum.LOCAL, twoHere, rig.ring.zones(), X1);
        assertThat(needed.required()).as("a majority of the 2 replicas in zone x").isEqualTo(2);
        assertThat(needed.counts(X2)).isTrue();
        assertThat(needed.counts(Y1)).as("zone y's answers do not count").isFalse();

        AnswersNeeded oneHere = AnswersNeeded.of(Quorum.LOCAL, listWith(1), rig.ring.zones(), X1);
        assertThat(oneHere.required()).isEqualTo(1);
        AnswersNeeded number = AnswersNeeded.of(2, twoHere, rig.ring.zones(), X1);
        assertThat(number.required()).isEqualTo(2);
        assertThat(number.counts(Y1)).as("a number counts every node").isTrue();
        AnswersNeeded outsideTheRing = AnswersNeeded.of(Quorum.LOCAL, twoHere, rig.ring.zones(), NodeId.of("new"));
        assertThat(outsideTheRing.required()).as("no zone in the ring: a majority of all N").isEqualTo(2);
        assertThat(outsideTheRing.counts(Y1)).isTrue();
    }

    @Test
    void aLocalWriteIgnoresAcknowledgementsFromTheOtherZoneAndSucceedsOnItsOwn() {
        PreferenceList list = listWith(2);
        CompletableFuture<Context> answer = new CompletableFuture<>();
        PutOperation put = put(list, answer);
        put.start(1000);
        rig.scheduler.runFor(0); // the coordinator's own durable copy: one of zone x
        NodeId otherZone = list.primaries().stream().filter(n -> ZONES.get(n).equals(Zone.of("y"))).findFirst().orElseThrow();
        put.answer(otherZone, new ReplicationMessage.WriteAck(1));
        assertThat(answer).as("two acknowledgements, but only one from zone x").isNotDone();

        put.answer(X2, new ReplicationMessage.WriteAck(1));
        assertThat(answer).as("x2's acknowledgement makes zone x's majority").isCompleted();
    }

    @Test
    void aLocalWriteDoesNotWaitForTheOtherZone() {
        PreferenceList list = listWith(1);
        CompletableFuture<Context> answer = new CompletableFuture<>();
        PutOperation put = put(list, answer);
        put.start(1000);
        rig.scheduler.runFor(0);

        assertThat(answer).as("the coordinator is zone x's one replica; zone y has not answered").isCompleted();
    }

    @Test
    void aLocalReadIsAnsweredByTheZonesMajorityAlone() {
        PreferenceList list = listWith(2);
        CompletableFuture<io.dynacart.store.api.GetResult> answer = new CompletableFuture<>();
        GetOperation get = new GetOperation(1, key(list), list, AnswersNeeded.of(Quorum.LOCAL, list, rig.ring.zones(), X1),
                answer, rig.support);
        get.start(1000);
        NodeId otherZone = list.primaries().stream().filter(n -> ZONES.get(n).equals(Zone.of("y"))).findFirst().orElseThrow();
        get.answer(otherZone, new ReplicationMessage.ReadReply(1, List.of()));
        assertThat(answer).as("the coordinator's and zone y's replies: one of zone x").isNotDone();
        get.answer(X2, new ReplicationMessage.ReadReply(1, List.of()));
        assertThat(answer).isCompleted();
    }

    @Test
    void aLocalWriteWhoseZoneReplicaIsDownAsksAStandInOfItsZoneAtOnce() {
        NodeId x3 = NodeId.of("x3");
        Map<NodeId, Zone> zones = new java.util.HashMap<>(ZONES);
        zones.put(x3, Zone.of("x"));
        OperationRig five = new OperationRig(List.of(X1, X2, x3, Y1, Y2), zones);
        PreferenceList list = null;
        Key key = null;
        for (int k = 0; list == null; k++) {
            PreferenceList candidate = five.ring.preferenceList(KeyHash.of(Key.of("k" + k)), 3);
            if (candidate.primaries().contains(X1) && candidate.primaries().contains(X2)) {
                list = candidate;
                key = Key.of("k" + k);
            }
        }
        List<Versioned<Value>> siblings = List.of(new Versioned<>(
                new DottedVersionVector(new Dot(X1, 1, 0), VectorClock.EMPTY), Value.of(new byte[] {1})));
        AnswersNeeded w = AnswersNeeded.of(Quorum.LOCAL, list, five.ring.zones(), X1);
        StandIns standIns = StandIns.forRequest(list, n -> !n.equals(X2)).preferring(w::counts);
        CompletableFuture<Context> answer = new CompletableFuture<>();
        PutOperation put = new PutOperation(1, new PutOperation.Write(key, siblings, Context.EMPTY, List.of(),
                Merged.durableNow(siblings)), list, standIns, w, answer, five.support);
        put.start(1000);
        five.scheduler.runFor(0);

        assertThat(five.sent).as("x2 is believed down: x3, of zone x, stands in for a primary at once")
                .anyMatch(m -> m instanceof ReplicationMessage.HintedWrite h && five.sentTo.get(m).equals(x3));
        assertThat(answer).isNotDone();
        put.answer(x3, new ReplicationMessage.WriteAck(1));
        assertThat(answer).as("x1 and x3 make zone x's majority of its two replicas").isCompleted();
    }

    /** The preference list of a key of which x1 is a primary and zone x holds {@code inZoneX} replicas. */
    private PreferenceList listWith(int inZoneX) {
        for (int k = 0; ; k++) {
            PreferenceList list = rig.ring.preferenceList(KeyHash.of(Key.of("k" + k)), 3);
            long x = list.primaries().stream().filter(n -> ZONES.get(n).equals(Zone.of("x"))).count();
            if (list.primaries().contains(X1) && x == inZoneX) {
                return list;
            }
        }
    }

    private Key key(PreferenceList list) {
        for (int k = 0; ; k++) {
            if (rig.ring.preferenceList(KeyHash.of(Key.of("k" + k)), 3).equals(list)) {
                return Key.of("k" + k);
            }
        }
    }

    private PutOperation put(PreferenceList list, CompletableFuture<Context> answer) {
        List<Versioned<Value>> siblings = List.of(new Versioned<>(
                new DottedVersionVector(new Dot(X1, 1, 0), VectorClock.EMPTY), Value.of(new byte[] {1})));
        PutOperation.Write write = new PutOperation.Write(key(list), siblings, Context.EMPTY, List.of(),
                Merged.durableNow(siblings));
        AnswersNeeded w = AnswersNeeded.of(Quorum.LOCAL, list, rig.ring.zones(), X1);
        return new PutOperation(1, write, list, StandIns.forRequest(list, n -> true).preferring(w::counts), w, answer,
                rig.support);
    }
}
