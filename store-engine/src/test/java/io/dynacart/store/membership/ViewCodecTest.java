package io.dynacart.store.membership;

import static io.dynacart.store.membership.TestViews.cluster;
import static io.dynacart.store.membership.TestViews.member;
import static io.dynacart.store.membership.TestViews.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.encoding.ByteReader;
import io.dynacart.store.encoding.ByteWriter;
import io.dynacart.store.encoding.DecodingException;
import io.dynacart.store.ring.Claim;
import io.dynacart.store.ring.Ring;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ViewCodecTest {

    private static MembershipView moving() {
        MembershipView view = Proposals.join(cluster(5).withMember(member(6, 3, 41)), node(6), 2);
        return view.markDone(view.requiredTransfers().first()).markDone(view.requiredTransfers().last());
    }

    @Test
    void viewsRoundTripWithAndWithoutATransition() {
        for (MembershipView view : List.of(cluster(5), moving(), MembershipView.bootstrap(member(9, 1, 0), 16, 3))) {
            assertThat(ViewCodec.decode(ViewCodec.encode(view))).isEqualTo(view);
        }
    }

    @Test
    void ringsRoundTripAtTheirLargestSize() {
        Map<io.dynacart.store.identity.NodeId, Integer> weights = new java.util.TreeMap<>();
        for (int i = 1; i <= 256; i++) {
            weights.put(node(i), 1 + i % 3);
        }
        Ring big = Claim.initial(weights, 65536, 3);
        ByteWriter out = new ByteWriter(1 << 17);
        RingCodec.write(out, big);
        assertThat(out.size()).as("owners as indexes: about two bytes a partition").isLessThan(140_000);
        assertThat(RingCodec.read(new ByteReader(out.toByteArray()))).isEqualTo(big);
    }

    @Test
    void everyTruncationIsRejected() {
        byte[] bytes = ViewCodec.encode(moving());
        for (int length = 0; length < bytes.length; length++) {
            byte[] cut = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> ViewCodec.decode(cut)).as("cut to %d bytes", length)
                    .isInstanceOf(DecodingException.class);
        }
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> ViewCodec.decode(longer)).hasMessageContaining("1 unexpected trailing bytes");
    }

    @Test
    void badFieldsAreRejectedNamingThem() {
        assertRejected(new ByteWriter(8).writeByte(1), "view format 1 is not known");
        assertRejected(new ByteWriter(8).writeByte(2).writeVarint(0), "n is 0");
        ByteWriter badAddress = new ByteWriter(32).writeByte(2).writeVarint(3).writeVarint(1);
        badAddress.writeByte(2).writeBytes(new byte[] {'n', '1'}).writeByte(1).writeBytes(new byte[] {'x'});
        assertRejected(badAddress, "peer address of n1 is not host:port");
        ByteWriter unsorted = new ByteWriter(64).writeByte(2).writeVarint(3).writeVarint(2);
        for (String id : new String[] {"n2", "n1"}) {
            unsorted.writeByte(2).writeBytes(id.getBytes());
            unsorted.writeByte(3).writeBytes("h:1".getBytes()).writeByte(3).writeBytes("h:2".getBytes());
            unsorted.writeVarint(1).writeVarint(0).writeVarint(0).writeVarint(0);
        }
        assertRejected(unsorted, "member 1 (n1) is not after n2");
    }

    @Test
    void badRingsAreRejectedNamingTheProblem() {
        ByteWriter notPowerOfTwo = new ByteWriter(8).writeVarint(1).writeVarint(3);
        assertRingRejected(notPowerOfTwo, "partition count is 3; it must be a power of two");
        ByteWriter ownerOutOfRange = new ByteWriter(16).writeVarint(1).writeVarint(2).writeVarint(1);
        ownerOutOfRange.writeByte(1).writeByte('a').writeVarint(1).writeVarint(0).writeVarint(1);
        assertRingRejected(ownerOutOfRange, "owner of partition 1 is 1; it must be between 0 and 0");
        ByteWriter idleNode = new ByteWriter(16).writeVarint(1).writeVarint(2).writeVarint(2);
        idleNode.writeByte(1).writeByte('a').writeVarint(1).writeByte(1).writeByte('b').writeVarint(1);
        idleNode.writeVarint(0).writeVarint(0);
        assertRingRejected(idleNode, "holds a ring its class rejects: node b has a weight but owns no partition");
    }

    private static void assertRejected(ByteWriter bytes, String problem) {
        assertThatThrownBy(() -> ViewCodec.decode(bytes.toByteArray())).isInstanceOf(DecodingException.class)
                .hasMessageContaining(problem);
    }

    private static void assertRingRejected(ByteWriter bytes, String problem) {
        assertThatThrownBy(() -> RingCodec.read(new ByteReader(bytes.toByteArray())))
                .isInstanceOf(DecodingException.class).hasMessageContaining(problem);
    }
}
