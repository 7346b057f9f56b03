package io.dynacart.store.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.QuorumNotReachedException;
import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.PreferenceList;
import io.dynacart.store.storage.Merged;
import io.dynacart.store.transport.ReplicationMessage;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.Dot;
import io.dynacart.store.versioning.DottedVersionVector;
import io.dynacart.store.versioning.VectorClock;
import io.dynacart.store.versioning.Versioned;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The request state machines move only along their listed successors: a move not listed is refused
 * and leaves the state as it was, and a final state stays final. A replica's failure answer ends a
 * request that can no longer reach its quorum at once, with the quorum error a deadline would give.
 */
class OperationStatesTest {

    private static final NodeId A = NodeId.of("a");
    private static final NodeId B = NodeId.of("b");
    private static final NodeId C = NodeId.of("c");
    private static final Key KEY = Key.of("k");

    private final OperationRig rig = new OperationRig(List.of(A, B, C));
    private final PreferenceList list = rig.ring.preferenceList(KeyHash.of(KEY), 3);

    @Test
    void theListedSuccessorsAreExactlyTheDiagramsMoves() {
        assertThat(PutOperation.State.REPLICATING.successors())
                .isEqualTo(EnumSet.of(PutOperation.State.AWAITING_STRAGGLERS, PutOperation.State.DONE));
        assertThat(PutOperation.State.AWAITING_STRAGGLERS.successors()).isEqualTo(EnumSet.of(PutOperation.State.DONE));
        assertThat(PutOperation.State.DONE.successors()).isEmpty();

        assertThat(GetOperation.State.READING.successors())
                .isEqualTo(EnumSet.of(GetOperation.State.COLLECTING, GetOperation.State.DONE));
        assertThat(GetOperation.State.COLLECTING.successors()).isEqualTo(EnumSet.of(GetOperation.State.DONE));
        assertThat(GetOperation.State.DONE.successors()).isEmpty();

        assertThat(ForwardedPut.State.AWAITING_ACCEPT.successors()).isEqualTo(EnumSet.allOf(ForwardedPut.State.class));
        assertThat(ForwardedPut.State.AWAITING_OUTCOME.successors())
                .isEqualTo(EnumSet.of(ForwardedPut.State.TAKEN_OVER, ForwardedPut.State.DONE));
        assertThat(ForwardedPut.State.TAKEN_OVER.successors()).isEqualTo(EnumSet.of(ForwardedPut.State.DONE));
        assertThat(ForwardedPut.State.DONE.successors()).isEmpty();
    }

    @Test
    void aPutRefusesEveryMoveNotListedAndStaysDoneOnceDone() {
        CompletableFuture<Context> answer = new CompletableFuture<>();
        PutOperation put = put(answer);
        put.start(1000);
        assertThatThrownBy(() -> put.moveTo(PutOperation.State.REPLICATING))
                .as("REPLICATING is not its own successor").isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot go from REPLICATING to REPLICATING");

        put.answer(B, new ReplicationMessage.WriteAck(1));
        rig.scheduler.runFor(0); // this node's own copy is counted on the loop
        assertThat(put.state()).isEqualTo(PutOperation.State.AWAITING_STRAGGLERS);
        assertThat(answer).isCompleted();
        assertThatThrownBy(() -> put.moveTo(PutOperation.State.REPLICATING))
                .as("an answered put never replicates again").isInstanceOf(IllegalStateException.class);

        rig.scheduler.runFor(1000);
        assertThat(put.state()).as("the deadline ends the wait for stragglers").isEqualTo(PutOperation.State.DONE);
        for (PutOperation.State s : PutOperation.State.values()) {
            assertThatThrownBy(() -> put.moveTo(s)).as("DONE -> %s", s).isInstanceOf(IllegalStateException.class);
        }
        assertThat(put.state()).isEqualTo(PutOperation.State.DONE);
    }

    @Test
    void aPutWhoseReplicasAnswerThatTheyFailedFailsAtOnceWithTheQuorumError() {
        CompletableFuture<Context> answer = new CompletableFuture<>();
        PutOperation put = put(answer);
        put.start(1000);
        put.answer(B, new ReplicationMessage.ReplicaFailed(1));
        assertThat(answer).as("one replica left may still make W=2").isNotDone();
        put.answer(C, new ReplicationMessage.ReplicaFailed(1));

        assertThat(put.state()).isEqualTo(PutOperation.State.DONE);
        assertThat(rig.scheduler.now()).as("virtual ms spent: none, no deadline was waited for").isZero();
        assertThatThrownBy(answer::join).hasCauseInstanceOf(QuorumNotReachedException.class)
                .hasMessageContaining("needed 2 replicas");
    }

    @Test
    void aGetRefusesEveryMoveNotListedAndStaysDoneOnceDone() {
        CompletableFuture<GetResult> answer = new CompletableFuture<>();
        GetOperation get = new GetOperation(1, KEY, list, new AnswersNeeded(2, null, Map.of()), answer, rig.support);
        get.start(1000);
        assertThatThrownBy(() -> get.moveTo(GetOperation.State.READING)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot go from READING to READING");

        get.answer(B, new ReplicationMessage.ReadReply(1, List.of()));
        assertThat(get.state()).isEqualTo(GetOperation.State.COLLECTING);
        assertThatThrownBy(() -> get.moveTo(GetOperation.State.READING)).isInstanceOf(IllegalStateException.class);

        get.answer(C, new ReplicationMessage.ReplicaFailed(1));
        assertThat(get.state()).as("every node asked replied or failed").isEqualTo(GetOperation.State.DONE);
        for (GetOperation.State s : GetOperation.State.values()) {
            assertThatThrownBy(() -> get.moveTo(s)).as("DONE -> %s", s).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aGetWhoseReplicasAnswerThatTheyFailedFailsAtOnceWithTheQuorumError() {
        CompletableFuture<GetResult> answer = new CompletableFuture<>();
        GetOperation get = new GetOperation(1, KEY, list, new AnswersNeeded(2, null, Map.of()), answer, rig.support);
        get.start(1000);
        get.answer(B, new ReplicationMessage.ReplicaFailed(1));
        get.answer(C, new ReplicationMessage.ReplicaFailed(1));

        assertThat(get.state()).isEqualTo(GetOperation.State.DONE);
        assertThat(rig.scheduler.now()).isZero();
        assertThatThrownBy(answer::join).hasCauseInstanceOf(QuorumNotReachedException.class)
                .hasMessageContaining("needed 2 replicas");
    }

    @Test
    void aForwardedPutRefusesEveryMoveNotListedAndIsDoneOnceTheWriteItTookOverAnswers() {
        CompletableFuture<Context> answer = new CompletableFuture<>();
        Context written = new Context(VectorClock.EMPTY.increment(A, 1));
        ForwardedPut forward = new ForwardedPut(new ReplicationMessage.ForwardPut(1, KEY, Context.EMPTY,
                Value.of(new byte[] {1}), Quorum.DEFAULT), List.of(B, C), answer, rig.support,
                (silent, budget) -> rig.scheduler.schedule(5, () -> answer.complete(written)));
        forward.start();
        forward.handle(new ForwardedPut.Accepted(B));
        assertThat(forward.state()).isEqualTo(ForwardedPut.State.AWAITING_OUTCOME);
        assertThatThrownBy(() -> forward.moveTo(ForwardedPut.State.AWAITING_ACCEPT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot go from AWAITING_OUTCOME to AWAITING_ACCEPT");

        forward.handle(new ForwardedPut.Patience());
        assertThat(forward.state()).isEqualTo(ForwardedPut.State.TAKEN_OVER);
        assertThat(forward.finished()).as("taken over, not yet answered").isFalse();
        assertThatThrownBy(() -> forward.moveTo(ForwardedPut.State.AWAITING_OUTCOME))
                .isInstanceOf(IllegalStateException.class);

        rig.scheduler.runFor(10);
        assertThat(answer).isCompletedWithValue(written);
        assertThat(forward.state()).as("the answer moves it to DONE, not a fall-through").isEqualTo(ForwardedPut.State.DONE);
        assertThat(forward.finished()).isTrue();
        for (ForwardedPut.State s : ForwardedPut.State.values()) {
            assertThatThrownBy(() -> forward.moveTo(s)).as("DONE -> %s", s).isInstanceOf(IllegalStateException.class);
        }
        forward.handle(new ForwardedPut.Done(B, new ReplicationMessage.ForwardPutDone(1, Context.EMPTY)));
        assertThat(forward.state()).as("a late success after DONE is dropped").isEqualTo(ForwardedPut.State.DONE);
    }

    private PutOperation put(CompletableFuture<Context> answer) {
        List<Versioned<Value>> siblings = List.of(new Versioned<>(
                new DottedVersionVector(new Dot(A, 1, 0), VectorClock.EMPTY), Value.of(new byte[] {1})));
        PutOperation.Write write = new PutOperation.Write(KEY, siblings, Context.EMPTY, List.of(),
                Merged.durableNow(siblings));
        return new PutOperation(1, write, list, StandIns.forRequest(list, n -> true), new AnswersNeeded(2, null, Map.of()), answer, rig.support);
    }
}
