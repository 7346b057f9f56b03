package io.dynacart.store.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.transport.RecordingInbox.Received;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Network} promises, bound to each implementation by a near-empty subclass
 * ({@code InMemoryNetworkTest}, {@code FaultyNetworkTest} with no fault, and the TCP network's).
 *
 * <p>Besides {@link Network}'s Javadoc, this pins down: sending from a closed endpoint drops the
 * message silently (no exception: a node shutting down may still have work in flight); a closed
 * endpoint receives nothing sent after it closed; the same id may attach again once closed, but not
 * while attached.
 *
 * <p>Bindings deliver in virtual time or on real threads, so the suite waits only through
 * {@link #deliverUntil} and {@link #settle}. To assert that a message did <em>not</em> arrive, it
 * first sends a witness message after it on a path that works, waits for the witness, then settles.
 */
abstract class NetworkContract {

    protected static final NodeId A = NodeId.of("a");
    protected static final NodeId B = NodeId.of("b");
    protected static final NodeId C = NodeId.of("c");
    protected static final NodeId D = NodeId.of("d");
    private static final NodeId GHOST = NodeId.of("ghost");

    protected Network network;
    private final Map<NodeId, RecordingInbox> inboxes = new HashMap<>();
    private final List<Network.Endpoint> endpoints = new ArrayList<>();

    /** A new network without faults and without nodes. */
    protected abstract Network create();

    /**
     * Lets the network deliver until {@code condition} holds, and fails naming {@code what} if it does
     * not: when the network goes idle (virtual time) or after a deadline (real threads; poll the
     * condition, never a bare sleep).
     */
    protected abstract void deliverUntil(String what, BooleanSupplier condition);

    /**
     * Lets every message sent so far arrive or be lost, before an absence is asserted: run to idle
     * in virtual time; a real network that may reorder must wait for its in-flight count to drain.
     */
    protected abstract void settle();

    @BeforeEach
    final void createNetwork() {
        network = create();
    }

    @AfterEach
    final void closeEndpoints() {
        endpoints.forEach(Network.Endpoint::close);
    }

    /** Attaches {@code id} with a fresh recording inbox, closed after the test. */
    protected Network.Endpoint attach(NodeId id) {
        RecordingInbox inbox = new RecordingInbox();
        Network.Endpoint endpoint = network.attach(id, inbox);
        inboxes.put(id, inbox);
        endpoints.add(endpoint);
        return endpoint;
    }

    /** The inbox of the latest attachment of {@code id}. */
    protected RecordingInbox inbox(NodeId id) {
        return inboxes.get(id);
    }

    @Test
    void messageArrivesAtItsAddresseeWithItsSender() {
        Network.Endpoint a = attach(A);
        attach(B);
        attach(C);
        a.send(B, new ProbeMessage.Ping(7));
        deliverUntil("the ping to b", () -> inbox(B).count() == 1);
        settle();
        assertThat(inbox(B).received()).as("b hears the ping, from a").containsExactly(new Received(A, new ProbeMessage.Ping(7)));
        assertThat(inbox(C).received()).as("c, not addressed, hears nothing").isEmpty();
        assertThat(inbox(A).received()).as("the sender hears nothing").isEmpty();
    }

    @Test
    void manyMessagesBetweenSeveralNodesAllArriveExactlyOnce() {
        List<NodeId> nodes = List.of(A, B, C, D);
        Map<NodeId, Network.Endpoint> endpointOf = new HashMap<>();
        nodes.forEach(n -> endpointOf.put(n, attach(n)));
        Map<NodeId, List<Received>> expected = new HashMap<>();
        long seq = 0;
        for (int round = 0; round < 25; round++) {
            for (NodeId from : nodes) {
                for (NodeId to : nodes) {
                    if (!from.equals(to)) {
                        Message m = new ProbeMessage.Ping(seq++);
                        endpointOf.get(from).send(to, m);
                        expected.computeIfAbsent(to, k -> new ArrayList<>()).add(new Received(from, m));
                    }
                }
            }
        }
        long total = seq;
        deliverUntil(total + " messages", () -> nodes.stream().mapToInt(n -> inbox(n).count()).sum() >= total);
        settle();
        for (NodeId n : nodes) {
            assertThat(inbox(n).received()).as("%s receives each message sent to it exactly once, from its sender", n)
                    .containsExactlyInAnyOrderElementsOf(expected.get(n));
        }
    }

    @Test
    void sendToAnUnattachedNodeIsDroppedSilently() {
        Network.Endpoint a = attach(A);
        attach(B);
        assertThatCode(() -> a.send(GHOST, new ProbeMessage.Ping(1)))
                .as("a send to a node that is not attached does not throw").doesNotThrowAnyException();
        awaitWitness(a, B);
        assertThat(inbox(B).messages()).as("the lost message reaches no one else").containsExactly(witness());
        assertThat(inbox(A).messages()).as("the lost message does not bounce back").isEmpty();
    }

    @Test
    void closedEndpointReceivesNothingSentAfterItClosed() {
        Network.Endpoint a = attach(A);
        attach(B).close();
        attach(C);
        a.send(B, new ProbeMessage.Ping(1));
        awaitWitness(a, C);
        assertThat(inbox(B).received()).as("a closed endpoint receives nothing").isEmpty();
    }

    @Test
    void sendFromAClosedEndpointIsDroppedSilently() {
        Network.Endpoint a = attach(A);
        Network.Endpoint b = attach(B);
        b.close();
        assertThatCode(b::close).as("close is idempotent").doesNotThrowAnyException();
        assertThatCode(() -> b.send(A, new ProbeMessage.Ping(1)))
                .as("sending from a closed endpoint drops silently rather than throwing").doesNotThrowAnyException();
        attach(C);
        awaitWitness(a, C);
        assertThat(inbox(A).received()).as("nothing sent after close leaves the endpoint").isEmpty();
    }

    @Test
    void aNodeAttachesOnceAtATimeAndAgainAfterClosing() {
        NodeId node = NodeId.of("twice");
        Network.Endpoint first = attach(node);
        assertThatThrownBy(() -> network.attach(node, new RecordingInbox()))
                .as("attaching an id that is attached is a bug, reported with the id")
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("twice");
        first.close();
        Network.Endpoint again = attach(node);
        assertThat(again.self()).isEqualTo(node);
        attach(B).send(node, new ProbeMessage.Ping(3));
        deliverUntil("the ping to the new attachment", () -> inbox(node).count() == 1);
        assertThat(inbox(node).messages()).as("the new attachment receives").containsExactly(new ProbeMessage.Ping(3));
    }

    @Test
    void everyMessageTypeArrivesUnchanged() {
        List<Message> samples = MessageSamples.all();
        assertThat(MessageSamples.recordTypes()).as("the walk finds the leaves of every family")
                .contains(ReplicationMessage.Write.class, HandoffMessage.DeliverHint.class, ProbeMessage.Pong.class)
                .doesNotHaveDuplicates();
        Network.Endpoint a = attach(A);
        attach(B);
        samples.forEach(m -> a.send(B, m));
        deliverUntil(samples.size() + " sample messages", () -> inbox(B).count() >= samples.size());
        settle();
        assertThat(inbox(B).received()).as("each kind of message arrives once, equal to what was sent")
                .containsExactlyInAnyOrderElementsOf(samples.stream().map(m -> new Received(A, m)).toList());
    }

    private static Message witness() {
        return new ProbeMessage.Pong(-1);
    }

    /** Sends the witness on a path that works and waits for it, so earlier losses can be asserted. */
    private void awaitWitness(Network.Endpoint from, NodeId to) {
        from.send(to, witness());
        deliverUntil("the witness from " + from.self() + " to " + to, () -> inbox(to).messages().contains(witness()));
        settle();
    }
}
