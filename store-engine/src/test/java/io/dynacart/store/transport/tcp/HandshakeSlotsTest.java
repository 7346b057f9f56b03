package io.dynacart.store.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class HandshakeSlotsTest {

    private static InetAddress address(int last) {
        try {
            return InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) last});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void oneAddressGetsAtMostItsShareAndOthersStillGetTheirs() {
        HandshakeSlots slots = new HandshakeSlots(new TcpConfig.Handshakes(2, 5));
        assertThat(slots.tryTake(address(1))).isNull();
        assertThat(slots.tryTake(address(1))).isNull();
        assertThat(slots.tryTake(address(1))).as("a third from one address").contains("limit per address")
                .contains("10.0.0.1");
        assertThat(slots.tryTake(address(2))).as("another address is not crowded out").isNull();
        assertThat(slots.inUse()).isEqualTo(3);
    }

    @Test
    void allAddressesTogetherGetAtMostTheTotal() {
        HandshakeSlots slots = new HandshakeSlots(new TcpConfig.Handshakes(2, 3));
        assertThat(slots.tryTake(address(1))).isNull();
        assertThat(slots.tryTake(address(2))).isNull();
        assertThat(slots.tryTake(address(3))).isNull();
        assertThat(slots.tryTake(address(4))).as("past the total").contains("limit for all addresses");
    }

    @Test
    void aSlotGivenBackCanBeTakenAgain() {
        HandshakeSlots slots = new HandshakeSlots(new TcpConfig.Handshakes(1, 1));
        assertThat(slots.tryTake(address(1))).isNull();
        slots.give(address(1));
        assertThat(slots.inUse()).isZero();
        assertThat(slots.tryTake(address(2))).isNull();
        assertThatThrownBy(() -> slots.give(address(1))).as("giving back a slot never taken is a bug")
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void limitsMustAllowOneConnectionAndATotalOfAtLeastOneAddressShare() {
        assertThatThrownBy(() -> new TcpConfig.Handshakes(0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TcpConfig.Handshakes(8, 4)).isInstanceOf(IllegalArgumentException.class);
    }
}
