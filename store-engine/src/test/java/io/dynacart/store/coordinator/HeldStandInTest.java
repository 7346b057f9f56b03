package io.dynacart.store.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.PreferenceList;
import io.dynacart.store.transport.ReplicationMessage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Pinned from ZoneCutSimTest seed 5 (law AlwaysReadable): a read coordinated by a fallback whose
 * failure detector wrongly believed a primary unreachable asked that primary and, standing in for
 * it, itself. The primary replied; the coordinator's own reply stayed held for a primary that would
 * never be replaced, so a read that had reached R=2 nodes failed at its deadline.
 */
class HeldStandInTest {

    @Test
    void aStandInsHeldReplyCountsOnceThePrimaryItStandsForReplies() {
        List<NodeId> nodes = List.of(NodeId.of("e"), NodeId.of("a"), NodeId.of("b"), NodeId.of("c"), NodeId.of("d"));
        OperationRig rig = new OperationRig(nodes);
        NodeId self = rig.self;
        Key key = null;
        PreferenceList list = null;
        for (int k = 0; list == null; k++) {
            PreferenceList candidate = rig.ring.preferenceList(KeyHash.of(Key.of("k" + k)), 3);
            if (candidate.fallbacks().get(0).equals(self)) {
                list = candidate;
                key = Key.of("k" + k);
            }
        }
        NodeId believedDown = list.primaries().get(0);
        for (NodeId p : list.primaries()) {
            for (int i = 0; i < 3; i++) {
                rig.support.env().health().missed(p); // every primary believed down: this node stands in for the first
            }
        }
        CompletableFuture<GetResult> answer = new CompletableFuture<>();
        GetOperation get = new GetOperation(1, key, list, new AnswersNeeded(2, null, Map.of()), answer, rig.support);
        get.start(1000);
        assertThat(answer).as("only this node's own (held) reply so far").isNotDone();

        get.answer(believedDown, new ReplicationMessage.ReadReply(1, List.of()));

        assertThat(answer).as("%s replied: the reply held for it counts, and two nodes make R=2", believedDown)
                .isCompleted();
    }
}
