package io.dynacart.store.node;

import static org.assertj.core.api.Assertions.assertThatCode;

import io.dynacart.store.coordinator.CoordinatorConfig;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.Claim;
import io.dynacart.store.ring.Partitioner;
import io.dynacart.store.ring.Ring;
import io.dynacart.store.sim.SimScheduler;
import io.dynacart.store.storage.MemoryStorage;
import io.dynacart.store.transport.InMemoryNetwork;
import io.dynacart.store.transport.Message;
import io.dynacart.store.transport.MessageSamples;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every message the sealed hierarchy allows has a handler in {@link Node#dispatch}. */
class MessageDispatchTest {

    @Test
    void everyMessageTypeHasAHandler() {
        SimScheduler scheduler = new SimScheduler();
        Ring ring = Claim.initial(Map.of(NodeId.of("n1"), 1, NodeId.of("n2"), 1, NodeId.of("n3"), 1), 64, 3);
        InMemoryNetwork network = new InMemoryNetwork(scheduler);
        Node node = Node.start(NodeConfig.defaults(NodeId.of("n1")).withCoordinator(CoordinatorConfig.DEFAULT),
                new NodeEnvironment(network, scheduler, scheduler.clock(), new MemoryStorage(new Partitioner(64)), () -> ring));
        for (Message m : MessageSamples.all()) {
            assertThatCode(() -> node.dispatch(NodeId.of("n2"), m)).as("handling %s", m.getClass().getSimpleName())
                    .doesNotThrowAnyException();
        }
        scheduler.runFor(5_000);
    }
}
