package io.dynacart.store.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.Partitioner;
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
import org.junit.jupiter.api.Test;

/**
 * The primary's side of hinted handoff: it takes the versions at once and acknowledges only once they
 * are durable, since the fallback deletes its copy on the acknowledgement; the event loop never waits.
 */
class HintReceiveTest {

    private static final NodeId FALLBACK = NodeId.of("n4");
    private final Key key = Key.of("cart:1");
    private final List<Message> sent = new ArrayList<>();
    private final List<Runnable> loop = new ArrayList<>();
    private final Network.Endpoint endpoint = new Network.Endpoint() {
        @Override
        public NodeId self() {
            return NodeId.of("n1");
        }

        @Override
        public void send(NodeId to, Message message) {
            assertThat(to).isEqualTo(FALLBACK);
            sent.add(message);
        }

        @Override
        public void close() {
        }
    };

    private HandoffMessage.DeliverHint delivery() {
        DottedVersionVector v = DottedVersionVector.forWrite(FALLBACK, 1_000, Context.EMPTY, List.of(),
                VectorClock.DEFAULT_MAX_ENTRIES);
        return new HandoffMessage.DeliverHint(7, key,
                List.of(new Versioned<>(v, Value.of("milk".getBytes(StandardCharsets.UTF_8)))));
    }

    private void runLoop() {
        List<Runnable> tasks = new ArrayList<>(loop);
        loop.clear();
        tasks.forEach(Runnable::run);
    }

    @Test
    void acknowledgesOnlyOnceTheVersionsAreDurable() {
        HeldDiskStorage disk = new HeldDiskStorage(new MemoryStorage(new Partitioner(16)));

        HintDelivery.receive(disk, endpoint, loop::add, FALLBACK, delivery());
        runLoop();
        assertThat(disk.get(key)).as("taken at once: reads see it").hasSize(1);
        assertThat(sent).as("no acknowledgement before the disk flush").isEmpty();

        disk.flush();
        runLoop();
        assertThat(sent).containsExactly(new HandoffMessage.HintDeliveryAck(7));
    }

    @Test
    void neverAcknowledgesVersionsTheDiskLost() {
        HeldDiskStorage disk = new HeldDiskStorage(new MemoryStorage(new Partitioner(16)));

        HintDelivery.receive(disk, endpoint, loop::add, FALLBACK, delivery());
        disk.breakDisk();
        runLoop();
        assertThat(sent).as("the fallback keeps its hint and delivers it again").isEmpty();
    }
}
