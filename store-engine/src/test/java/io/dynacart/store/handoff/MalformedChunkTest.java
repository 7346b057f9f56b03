package io.dynacart.store.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.sim.SimScheduler;
import io.dynacart.store.storage.MemoryStorage;
import io.dynacart.store.storage.StoredKey;
import io.dynacart.store.transport.Message;
import io.dynacart.store.transport.Network;
import io.dynacart.store.transport.TransferMessage.Chunk;
import io.dynacart.store.transport.TransferMessage.ChunkRequest;
import io.dynacart.store.transport.TransferMessage.Entry;
import io.dynacart.store.transport.TransferMessage;
import io.dynacart.store.versioning.Dot;
import io.dynacart.store.versioning.DottedVersionVector;
import io.dynacart.store.versioning.VectorClock;
import io.dynacart.store.versioning.Versioned;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A receiver given chunks it did not ask for, or that break the rules, merges none of their entries
 * and keeps waiting for the real answer; a source given requests it cannot serve refuses them.
 */
class MalformedChunkTest {

    private static final PartitionId P = PartitionId.of(3);
    private static final NodeId SOURCE = NodeId.of("n1");

    private final SimScheduler sim = new SimScheduler();
    private final MemoryStorage storage = new MemoryStorage(TransferData.PARTITIONER);
    private final List<Message> sent = new ArrayList<>();
    private final List<TransferOutcome> outcomes = new ArrayList<>();
    private final List<Key> keys = TransferData.keysIn(P, 6, "k");
    private final List<Entry> inOrder = new ArrayList<>();
    private TransferManager manager;
    private ChunkRequest request;
    private Map<Key, List<Versioned<Value>>> before;

    @BeforeEach
    void askForThePartition() {
        MemoryStorage sourceStorage = new MemoryStorage(TransferData.PARTITIONER);
        TransferData.fillSource(sourceStorage, keys, new SplittableRandom(3));
        sourceStorage.scan(P, (StoredKey k) -> inOrder.add(new Entry(k.key(), k.siblings())));
        storage.put(keys.get(0), version("r", Value.of(new byte[] {1})));
        before = contents();
        TransferEnvironment env = new TransferEnvironment(new Recording(), sim, sim.clock(), storage,
                TransferThrottle.unlimited(), new SplittableRandom(1));
        manager = new TransferManager(env, new TransferConfig(1, 1 << 20, 1_000, 3), p -> true, outcomes::add);
        manager.receive(List.of(new Incoming(P, List.of(SOURCE))));
        sim.runFor(1);
        request = (ChunkRequest) sent.get(0);
    }

    @Test
    void chunksThatBreakTheRulesAreDroppedWholeAndTheRequestStaysInFlight() {
        long id = request.transferId();
        Key foreign = TransferData.keysIn(PartitionId.of(4), 1, "x").get(0);
        Entry oversized = new Entry(keys.get(1), List.of(version("w", Value.of(new byte[Value.MAX_BYTES + 1]))));
        Map<String, Chunk> bad = Map.of(
                "for another partition", new Chunk(id, 4, Optional.empty(), inOrder, true),
                "after another cursor", new Chunk(id, P.index(), Optional.of(keys.get(2)), inOrder, true),
                "with a key of another partition", new Chunk(id, P.index(), Optional.empty(),
                        List.of(inOrder.get(0), new Entry(foreign, inOrder.get(1).siblings())), true),
                "out of scan order", new Chunk(id, P.index(), Optional.empty(), List.of(inOrder.get(1), inOrder.get(0)), true),
                "with a key twice", new Chunk(id, P.index(), Optional.empty(), List.of(inOrder.get(0), inOrder.get(0)), true),
                "with a value over the limit", new Chunk(id, P.index(), Optional.empty(), List.of(inOrder.get(0), oversized), true),
                "of another transfer", new Chunk(id + 1, P.index(), Optional.empty(), inOrder, true));

        bad.forEach((what, chunk) -> {
            manager.onMessage(SOURCE, chunk);
            assertThat(contents()).as("storage after a chunk %s", what).isEqualTo(before);
            assertThat(manager.progress().inFlight()).as("still waiting after a chunk %s", what).isEqualTo(1);
        });
        manager.onMessage(NodeId.of("n9"), new Chunk(id, P.index(), Optional.empty(), inOrder, true));
        assertThat(contents()).as("storage after a chunk from a node not asked").isEqualTo(before);
        assertThat(outcomes).isEmpty();

        manager.onMessage(SOURCE, new Chunk(id, P.index(), Optional.empty(), inOrder, true));

        assertThat(outcomes).singleElement().isInstanceOf(TransferOutcome.Received.class);
        assertThat(contents().keySet()).containsExactlyInAnyOrderElementsOf(keys);
        assertThat(contents().get(keys.get(0))).as("the receiver's own version stays beside the source's")
                .hasSize(inOrder.stream().filter(e -> e.key().equals(keys.get(0))).findFirst().orElseThrow().siblings().size() + 1);
    }

    @Test
    void answersThatComeWhenNothingIsAskedAreIgnored() {
        manager.onMessage(SOURCE, new Chunk(request.transferId(), P.index(), Optional.empty(), inOrder, true));
        int requestsBefore = sent.size();
        manager.onMessage(SOURCE, new Chunk(request.transferId(), P.index(), Optional.empty(), inOrder, true));
        manager.onMessage(SOURCE, new TransferMessage.Refused(request.transferId(), P.index(),
                TransferMessage.Reason.NOT_SERVING));
        sim.runFor(10_000);

        assertThat(outcomes).singleElement().isInstanceOf(TransferOutcome.Received.class);
        assertThat(sent).as("nothing more asked").hasSize(requestsBefore);
    }

    @Test
    void requestsForAPartitionOutsideTheRingAreRefused() {
        manager.onMessage(NodeId.of("n7"), new ChunkRequest(5, 99, Optional.empty(), 100));
        assertThat(sent.get(sent.size() - 1)).isEqualTo(new TransferMessage.Refused(5, 99,
                TransferMessage.Reason.NO_SUCH_PARTITION));
    }

    private Map<Key, List<Versioned<Value>>> contents() {
        Map<Key, List<Versioned<Value>>> out = new HashMap<>();
        storage.scan(P, (StoredKey k) -> out.put(k.key(), k.siblings()));
        storage.scan(PartitionId.of(4), (StoredKey k) -> out.put(k.key(), k.siblings()));
        return out;
    }

    private static Versioned<Value> version(String writer, Value value) {
        return new Versioned<>(new DottedVersionVector(new Dot(NodeId.of(writer), 1, 0), VectorClock.EMPTY), value);
    }

    /** An endpoint that keeps what is sent. */
    private final class Recording implements Network.Endpoint {
        @Override
        public NodeId self() {
            return NodeId.of("n4");
        }

        @Override
        public void send(NodeId to, Message message) {
            sent.add(message);
        }

        @Override
        public void close() {
        }
    }
}
