package io.dynacart.store.coordinator;

import io.dynacart.store.handoff.HintStore;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.identity.Zone;
import io.dynacart.store.membership.PeerHealth;
import io.dynacart.store.ring.Claim;
import io.dynacart.store.ring.Partitioner;
import io.dynacart.store.ring.Ring;
import io.dynacart.store.ring.Routing;
import io.dynacart.store.sim.SimScheduler;
import io.dynacart.store.storage.MemoryStorage;
import io.dynacart.store.storage.Storage;
import io.dynacart.store.transport.InMemoryNetwork;
import io.dynacart.store.transport.Message;
import io.dynacart.store.transport.Network;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One coordinator's parts on virtual time, for driving a single operation by hand: its peers never
 * answer unless the test hands the operation their answers.
 */
final class OperationRig {

    static final int PARTITIONS = 16;

    final SimScheduler scheduler = new SimScheduler();
    final NodeId self;
    final Ring ring;
    final Support support;
    /** What the peers got, in order. */
    final List<Message> sent = new ArrayList<>();
    /** Who got each message sent. */
    final Map<Message, NodeId> sentTo = new java.util.IdentityHashMap<>();

    OperationRig(List<NodeId> nodes) {
        this(nodes, Map.of());
    }

    /** A rig whose nodes are in {@code zones} (a node it leaves out: the default zone); the first node coordinates. */
    OperationRig(List<NodeId> nodes, Map<NodeId, Zone> zones) {
        this.self = nodes.get(0);
        Map<NodeId, Integer> weights = new LinkedHashMap<>();
        Map<NodeId, Zone> zoneOf = new LinkedHashMap<>();
        nodes.forEach(n -> weights.put(n, 1));
        nodes.forEach(n -> zoneOf.put(n, zones.getOrDefault(n, Zone.DEFAULT)));
        this.ring = Claim.initial(weights, zoneOf, PARTITIONS, 3);
        InMemoryNetwork network = new InMemoryNetwork(scheduler);
        nodes.stream().skip(1).forEach(n -> network.attach(n, new Network.Inbox() {
            @Override
            public void deliver(NodeId from, Message message) {
                sent.add(message);
                sentTo.put(message, n);
            }

            @Override
            public void unreachable(NodeId peer) {
            }
        }));
        Network.Inbox record = new Network.Inbox() {
            @Override
            public void deliver(NodeId from, Message message) {
                sent.add(message);
            }

            @Override
            public void unreachable(NodeId peer) {
            }
        };
        Network.Endpoint endpoint = network.attach(self, record);
        Storage storage = new MemoryStorage(new Partitioner(PARTITIONS));
        CoordinatorEnvironment env = new CoordinatorEnvironment(self, endpoint, scheduler, scheduler.clock(), storage,
                new HintStore(storage.hints(), scheduler.clock()), new PeerHealth(3), () -> Routing.of(ring), n -> true);
        this.support = new Support(env, CoordinatorConfig.DEFAULT, new ReplyTimes(CoordinatorConfig.DEFAULT.sloppy()));
    }
}
