package io.dynacart.store.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.Value;
import io.dynacart.store.coordinator.CoordinatorConfig;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.transport.Message;
import io.dynacart.store.transport.Network;
import io.dynacart.store.transport.ReplicationMessage;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.Versioned;
import io.dynacart.testing.Simulated;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A put forwarded to a node that is not one of the key's primaries in its own ring (the forwarder's
 * ring is older or newer) and that may have forgotten versions of the key's partition: the node
 * coordinates it under its fallback name, never its own. A node the ring moved a partition away from
 * drops it, and with it the versions it numbered under its own name, so numbering under that name
 * again could repeat a dot. Here the node did not replicate the partition when it started, so an
 * earlier life of it may have dropped it.
 */
@Simulated
class StaleForwardSimTest {

    @Test
    void aNodeThatIsNoPrimaryOfTheKeyNumbersAForwardedPutUnderItsFallbackName() {
        SimCluster cluster = new SimCluster(SimCluster.names(5), new SimScheduler(), new SplittableRandom(3),
                CoordinatorConfig.DEFAULT);
        cluster.scheduler().runFor(2_000);
        Key key = Key.of("cart:7");
        List<NodeId> primaries = cluster.ring().preferenceList(KeyHash.of(key), 3).primaries();
        NodeId outsider = cluster.nodeIds().stream().filter(id -> !primaries.contains(id)).findFirst().orElseThrow();
        List<Message> answers = new ArrayList<>();
        Network.Endpoint stale = cluster.network().attach(NodeId.of("n9"), (from, message) -> answers.add(message));

        stale.send(outsider, new ReplicationMessage.ForwardPut(1, key, Context.EMPTY,
                Value.of("milk".getBytes(StandardCharsets.UTF_8)), Quorum.DEFAULT));
        cluster.scheduler().runFor(2_000);

        assertThat(answers).hasAtLeastOneElementOfType(ReplicationMessage.ForwardPutDone.class);
        List<Versioned<Value>> held = cluster.storage(primaries.get(0)).get(key);
        assertThat(held).singleElement().satisfies(v -> {
            assertThat(v.dot().node()).as("the dot's actor").isNotEqualTo(outsider);
            assertThat(v.dot().node().value()).startsWith(outsider.value() + "_");
        });
    }
}
