package io.dynacart.store.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Iterator;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** {@link InMemoryNetwork} keeps the {@link NetworkContract}, in virtual time; and its own promises. */
class InMemoryNetworkTest extends NetworkContract {

    private final ManualScheduler scheduler = new ManualScheduler();

    @Override
    protected Network create() {
        return new InMemoryNetwork(scheduler);
    }

    @Override
    protected void deliverUntil(String what, BooleanSupplier condition) {
        assertThat(scheduler.runUntil(condition)).as("the network went idle before delivering " + what).isTrue();
    }

    @Override
    protected void settle() {
        scheduler.runUntilIdle();
    }

    @Test
    void aMessageArrivesAfterTheLatencyInVirtualTime() {
        network = new InMemoryNetwork(scheduler, () -> 25);
        Network.Endpoint a = attach(A);
        attach(B);
        a.send(B, new ProbeMessage.Ping(1));
        scheduler.advance(24);
        assertThat(inbox(B).count()).as("nothing arrives before the latency has passed").isZero();
        scheduler.advance(1);
        assertThat(inbox(B).messages()).as("the message arrives once 25 virtual ms have passed")
                .containsExactly(new ProbeMessage.Ping(1));
        assertThat(scheduler.now()).isEqualTo(25);
    }

    @Test
    void sendNeverDeliversFromInsideSendEvenWithoutLatency() {
        Network.Endpoint a = attach(A);
        attach(B);
        a.send(B, new ProbeMessage.Ping(1));
        assertThat(inbox(B).count()).as("delivery waits for the scheduler, so no inbox runs inside a send").isZero();
        settle();
        assertThat(inbox(B).count()).isEqualTo(1);
    }

    @Test
    void aVaryingLatencyReordersMessages() {
        Iterator<Long> latencies = List.of(30L, 10L).iterator();
        network = new InMemoryNetwork(scheduler, latencies::next);
        Network.Endpoint a = attach(A);
        attach(B);
        a.send(B, new ProbeMessage.Ping(1));
        a.send(B, new ProbeMessage.Ping(2));
        settle();
        assertThat(inbox(B).messages()).as("the faster second message overtakes the first")
                .containsExactly(new ProbeMessage.Ping(2), new ProbeMessage.Ping(1));
    }

    @Test
    void aMessageInFlightToANodeThatClosesIsDropped() {
        network = new InMemoryNetwork(scheduler, () -> 10);
        Network.Endpoint a = attach(A);
        Network.Endpoint b = attach(B);
        a.send(B, new ProbeMessage.Ping(1));
        scheduler.advance(5);
        b.close();
        settle();
        assertThat(inbox(B).count()).as("no inbox is called after its endpoint closed").isZero();
    }

    @Test
    void aReattachedNodeDoesNotReceiveWhatWasSentToItsPreviousAttachment() {
        network = new InMemoryNetwork(scheduler, () -> 10);
        Network.Endpoint a = attach(A);
        Network.Endpoint b = attach(B);
        RecordingInbox previousLife = inbox(B);
        a.send(B, new ProbeMessage.Ping(1));
        scheduler.advance(5);
        b.close();
        attach(B);
        a.send(B, new ProbeMessage.Ping(2));
        settle();
        assertThat(inbox(B).messages()).as("the restarted b hears only what was sent to it after it attached")
                .containsExactly(new ProbeMessage.Ping(2));
        assertThat(previousLife.count()).as("and the closed attachment hears nothing either").isZero();
    }

    @Test
    void aMessageToANodeThatAttachesWhileItIsInFlightIsDropped() {
        network = new InMemoryNetwork(scheduler, () -> 10);
        Network.Endpoint a = attach(A);
        a.send(B, new ProbeMessage.Ping(1));
        scheduler.advance(5);
        attach(B);
        settle();
        assertThat(inbox(B).count()).as("a message goes to the attachment of send time, and b had none").isZero();
    }

    @Test
    void aMessageSentBeforeItsSenderClosesIsStillDelivered() {
        network = new InMemoryNetwork(scheduler, () -> 10);
        Network.Endpoint a = attach(A);
        attach(B);
        a.send(B, new ProbeMessage.Ping(1));
        a.close();
        settle();
        assertThat(inbox(B).messages()).as("a message on the wire outlives its sender")
                .containsExactly(new ProbeMessage.Ping(1));
    }

    @Test
    void aNegativeLatencyIsABug() {
        network = new InMemoryNetwork(scheduler, () -> -1);
        Network.Endpoint a = attach(A);
        attach(B);
        assertThatThrownBy(() -> a.send(B, new ProbeMessage.Ping(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("-1 ms");
    }
}
