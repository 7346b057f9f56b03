package io.dynacart.store.coordinator;

import io.dynacart.store.handoff.HintStore;
import io.dynacart.store.identity.NodeId;
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

    OperationRig(List<NodeId> nodes) {
        this.self = nodes.get(0);
        Map<NodeId, Integer> weights = new LinkedHashMap<>();
        nodes.forEach(n -> weights.put(n, 1));
        this.ring = Claim.initial(weights, PARTITIONS, 3);
        InMemoryNetwork network = new InMemoryNetwork(scheduler);
        Network.Inbox record = new Network.Inbox() {
            @Override
            public void deliver(NodeId from, Message message) {
                sent.add(message);
            }

            @Override
            public void unreachable(NodeId peer) {
            }
        };
        nodes.stream().skip(1).forEach(n -> network.attach(n, record));
        Network.Endpoint endpoint = network.attach(self, record);
        Storage storage = new MemoryStorage(new Partitioner(PARTITIONS));
        CoordinatorEnvironment env = new CoordinatorEnvironment(self, endpoint, scheduler, scheduler.clock(), storage,
                new HintStore(storage.hints(), scheduler.clock()), new PeerHealth(3), () -> Routing.of(ring), n -> true);
        this.support = new Support(env, CoordinatorConfig.DEFAULT, new ReplyTimes(CoordinatorConfig.DEFAULT.sloppy()));
    }
}
