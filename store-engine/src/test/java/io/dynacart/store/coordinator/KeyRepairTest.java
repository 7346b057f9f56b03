package io.dynacart.store.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.api.KeyRepairOutcome;
import io.dynacart.store.api.KeyRepairOutcome.Result;
import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.PreferenceList;
import io.dynacart.store.transport.ReplicationMessage;
import io.dynacart.store.versioning.Dot;
import io.dynacart.store.versioning.DottedVersionVector;
import io.dynacart.store.versioning.VectorClock;
import io.dynacart.store.versioning.Versioned;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * An operator's read repair of one key: it reads every primary, sends the merge only to those that
 * lack a version of it, and says of each primary what happened: in sync, repaired (once it
 * acknowledged), unreachable (silent past the deadline) or failed.
 */
class KeyRepairTest {

    private static final NodeId A = NodeId.of("a");
    private static final NodeId B = NodeId.of("b");
    private static final NodeId C = NodeId.of("c");
    private static final Key KEY = Key.of("k");

    private final OperationRig rig = new OperationRig(List.of(A, B, C));
    private final PreferenceList list = rig.ring.preferenceList(KeyHash.of(KEY), 3);
    private final Versioned<Value> old = version(new Dot(A, 1, 0), VectorClock.EMPTY, "old");
    /** Written after {@link #old}, superseding it. */
    private final Versioned<Value> latest = version(new Dot(A, 2, 0), VectorClock.EMPTY.increment(A, 1), "new");
    private final CompletableFuture<KeyRepairOutcome> answer = new CompletableFuture<>();

    @Test
    void theListedSuccessorsAreExactlyTheDiagramsMoves() {
        assertThat(KeyRepair.State.READING.successors()).isEqualTo(EnumSet.of(KeyRepair.State.WRITING, KeyRepair.State.DONE));
        assertThat(KeyRepair.State.WRITING.successors()).isEqualTo(EnumSet.of(KeyRepair.State.DONE));
        assertThat(KeyRepair.State.DONE.successors()).isEmpty();
    }

    @Test
    void onlyTheReplicaThatLacksAVersionIsSentTheMergeAndItIsRepairedOnceItAcknowledges() {
        rig.support.env().storage().merge(KEY, List.of(latest));
        KeyRepair repair = start();
        rig.scheduler.runFor(0);
        assertThat(rig.sent).filteredOn(m -> m instanceof ReplicationMessage.Read).extracting(rig.sentTo::get)
                .as("every other primary is asked").containsExactlyInAnyOrder(B, C);
        repair.answer(B, new ReplicationMessage.ReadReply(1, List.of(old)));
        assertThat(repair.state()).as("C has not replied yet").isEqualTo(KeyRepair.State.READING);
        repair.answer(C, new ReplicationMessage.ReadReply(1, List.of(latest)));
        assertThat(repair.state()).isEqualTo(KeyRepair.State.WRITING);
        assertThatThrownBy(() -> repair.moveTo(KeyRepair.State.READING)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot go from WRITING to READING");

        rig.scheduler.runFor(0);
        List<ReplicationMessage.Write> writes = writesSent();
        assertThat(writes).as("one write, to the replica that lacked the latest version").hasSize(1);
        assertThat(rig.sentTo.get(writes.get(0))).isEqualTo(B);
        assertThat(writes.get(0).siblings()).extracting(Versioned::dot).containsExactly(latest.dot());
        assertThat(answer).as("not before B acknowledged").isNotDone();

        repair.answer(B, new ReplicationMessage.WriteAck(1));
        assertThat(repair.state()).isEqualTo(KeyRepair.State.DONE);
        Map<NodeId, KeyRepairOutcome.ReplicaRepair> by = byNode(answer.join());
        assertThat(by.get(B)).isEqualTo(new KeyRepairOutcome.ReplicaRepair(B, Result.REPAIRED, 1, 1));
        assertThat(by.get(A).result()).isEqualTo(Result.IN_SYNC);
        assertThat(by.get(C).result()).isEqualTo(Result.IN_SYNC);
        assertThat(answer.join().merged()).extracting(Versioned::dot).containsExactly(latest.dot());
        assertThat(answer.join().partition()).isEqualTo(list.partition().index());
        for (KeyRepair.State s : KeyRepair.State.values()) {
            assertThatThrownBy(() -> repair.moveTo(s)).as("DONE -> %s", s).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void thisNodesOwnStaleCopyIsRepairedInItsStorage() {
        rig.support.env().storage().merge(KEY, List.of(old));
        KeyRepair repair = start();
        repair.answer(B, new ReplicationMessage.ReadReply(1, List.of(latest)));
        repair.answer(C, new ReplicationMessage.ReadReply(1, List.of(latest)));
        rig.scheduler.runFor(0);

        assertThat(writesSent()).as("nothing goes over the network").isEmpty();
        assertThat(repair.state()).isEqualTo(KeyRepair.State.DONE);
        assertThat(byNode(answer.join()).get(A)).isEqualTo(new KeyRepairOutcome.ReplicaRepair(A, Result.REPAIRED, 1, 1));
        assertThat(rig.support.env().storage().get(KEY)).extracting(Versioned::dot).containsExactly(latest.dot());
    }

    @Test
    void aSilentReplicaIsReportedUnreachableAtTheDeadlineAndNothingIsWrittenWhenTheRestAgree() {
        rig.support.env().storage().merge(KEY, List.of(latest));
        KeyRepair repair = start();
        repair.answer(B, new ReplicationMessage.ReadReply(1, List.of(latest)));
        rig.scheduler.runFor(999);
        assertThat(answer).isNotDone();
        rig.scheduler.runFor(1);

        assertThat(repair.state()).isEqualTo(KeyRepair.State.DONE);
        assertThat(writesSent()).isEmpty();
        Map<NodeId, KeyRepairOutcome.ReplicaRepair> by = byNode(answer.join());
        assertThat(by.get(C)).isEqualTo(new KeyRepairOutcome.ReplicaRepair(C, Result.UNREACHABLE, 0, 0));
        assertThat(by.get(A).result()).isEqualTo(Result.IN_SYNC);
        assertThat(by.get(B).result()).isEqualTo(Result.IN_SYNC);
    }

    @Test
    void aReplicaThatFailsTheReadOrNeverAcknowledgesTheMergeIsReportedFailed() {
        KeyRepair repair = start(); // A holds nothing
        repair.answer(B, new ReplicationMessage.ReplicaFailed(1));
        repair.answer(C, new ReplicationMessage.ReadReply(1, List.of(latest)));
        assertThat(repair.state()).isEqualTo(KeyRepair.State.WRITING);
        rig.scheduler.runFor(0);
        assertThat(repair.state()).as("A stored the merge itself; C holds it").isEqualTo(KeyRepair.State.DONE);
        Map<NodeId, KeyRepairOutcome.ReplicaRepair> by = byNode(answer.join());
        assertThat(by.get(B).result()).isEqualTo(Result.FAILED);
        assertThat(by.get(A)).isEqualTo(new KeyRepairOutcome.ReplicaRepair(A, Result.REPAIRED, 0, 1));

        CompletableFuture<KeyRepairOutcome> second = new CompletableFuture<>();
        KeyRepair again = new KeyRepair(2, KEY, list, 1000, second, rig.support);
        rig.support.env().storage().merge(KEY, List.of(latest));
        again.start();
        again.answer(B, new ReplicationMessage.ReadReply(2, List.of(old)));
        again.answer(C, new ReplicationMessage.ReadReply(2, List.of(latest)));
        rig.scheduler.runFor(1000);
        assertThat(again.state()).isEqualTo(KeyRepair.State.DONE);
        assertThat(byNode(second.join()).get(B)).as("sent the merge, never acknowledged")
                .isEqualTo(new KeyRepairOutcome.ReplicaRepair(B, Result.FAILED, 1, 1));
    }

    private KeyRepair start() {
        KeyRepair repair = new KeyRepair(1, KEY, list, 1000, answer, rig.support);
        repair.start();
        return repair;
    }

    private List<ReplicationMessage.Write> writesSent() {
        return rig.sent.stream().filter(m -> m instanceof ReplicationMessage.Write)
                .map(m -> (ReplicationMessage.Write) m).toList();
    }

    private static Map<NodeId, KeyRepairOutcome.ReplicaRepair> byNode(KeyRepairOutcome outcome) {
        return outcome.replicas().stream().collect(Collectors.toMap(KeyRepairOutcome.ReplicaRepair::node,
                Function.identity()));
    }

    private static Versioned<Value> version(Dot dot, VectorClock past, String value) {
        return new Versioned<>(new DottedVersionVector(dot, past), Value.of(value.getBytes(StandardCharsets.UTF_8)));
    }
}
