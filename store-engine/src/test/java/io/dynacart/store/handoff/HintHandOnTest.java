package io.dynacart.store.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.membership.PeerHealth;
import io.dynacart.store.ring.Claim;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.Ring;
import io.dynacart.store.ring.Routing;
import io.dynacart.store.sim.SimScheduler;
import io.dynacart.store.storage.MemoryStorage;
import io.dynacart.store.transport.HandoffMessage;
import io.dynacart.store.transport.Message;
import io.dynacart.store.transport.Network;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.DottedVersionVector;
import io.dynacart.store.versioning.VectorClock;
import io.dynacart.store.versioning.Versioned;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A hint for a node that is still in the ring but no longer one of its key's primaries (a join moved
 * the key's partition away from it) is not delivered to it: that node drops the partition once the
 * ring settles, and the versions would go with it. It is handed on to the key's primaries instead.
 */
class HintHandOnTest {

    private static final int N = 3;
    private static final NodeId SELF = NodeId.of("n5");
    private final Ring before = Claim.initial(Map.of(NodeId.of("n1"), 1, NodeId.of("n2"), 1, NodeId.of("n3"), 1,
            SELF, 1), 64, N);
    private final Ring after = Claim.join(before, NodeId.of("n4"), 1, N);
    private final SimScheduler sim = new SimScheduler();
    private final List<Sent> sent = new ArrayList<>();

    private record Sent(NodeId to, Message message) {
    }

    @Test
    void aHintForANodeTheKeyMovedAwayFromGoesToTheKeysPrimariesInstead() {
        Key key = null;
        NodeId formerReplica = null;
        for (int i = 0; key == null; i++) {
            Key k = Key.of("cart:" + i);
            List<NodeId> was = before.preferenceList(KeyHash.of(k), N).primaries();
            List<NodeId> is = after.preferenceList(KeyHash.of(k), N).primaries();
            for (NodeId node : was) {
                if (!is.contains(node) && !node.equals(SELF) && !is.contains(SELF)) {
                    key = k;
                    formerReplica = node;
                }
            }
        }
        MemoryStorage storage = new MemoryStorage(after.partitioner());
        HintStore hints = new HintStore(storage.hints(), sim.clock());
        Versioned<Value> version = new Versioned<>(DottedVersionVector.forWrite(NodeId.of("n1"), sim.clock().nowMillis(),
                Context.EMPTY, List.of(), VectorClock.DEFAULT_MAX_ENTRIES), Value.of("milk".getBytes(StandardCharsets.UTF_8)));
        hints.keep(formerReplica, key, List.of(version));
        Network.Endpoint endpoint = new Network.Endpoint() {
            @Override
            public NodeId self() {
                return SELF;
            }

            @Override
            public void send(NodeId to, Message message) {
                sent.add(new Sent(to, message));
            }

            @Override
            public void close() {
            }
        };
        PeerHealth health = new PeerHealth(2);
        HintDelivery delivery = new HintDelivery(new HintDelivery.Environment(SELF, hints, storage, health, node -> true,
                () -> new Routing(after, null), N, endpoint, sim, sim.clock()), 1_000, 120_000);
        delivery.start();
        sim.runFor(1_100);

        List<NodeId> primaries = after.preferenceList(KeyHash.of(key), N).primaries();
        assertThat(sent).as("deliveries of the hint").isNotEmpty()
                .allSatisfy(s -> assertThat(s.message()).isInstanceOf(HandoffMessage.DeliverHint.class))
                .extracting(Sent::to).doesNotContain(formerReplica).containsExactlyInAnyOrderElementsOf(primaries);
        for (Sent s : sent) {
            delivery.onAck(s.to(), new HandoffMessage.HintDeliveryAck(((HandoffMessage.DeliverHint) s.message()).deliveryId()));
        }
        assertThat(hints.pending()).as("handed on to two primaries, the hint ends").isEmpty();
    }
}
