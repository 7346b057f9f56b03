package io.dynacart.store.membership;

import static io.dynacart.store.membership.TestViews.cluster;
import static io.dynacart.store.membership.TestViews.member;
import static io.dynacart.store.membership.TestViews.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.api.NamespaceChange;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.Reconcile;
import io.dynacart.store.encoding.ByteReader;
import io.dynacart.store.encoding.ByteWriter;
import io.dynacart.store.encoding.DecodingException;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.identity.Zone;
import io.dynacart.store.identity.Namespace;
import io.dynacart.store.ring.Claim;
import io.dynacart.store.ring.Ring;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

    /** A view with two namespaces: one of siblings with a ttl, one of last write wins with its own caps. */
    static MembershipView withNamespaces() {
        MembershipView view = Proposals.defineNamespace(moving(), NamespaceChange.of(Namespace.of("cart"))
                .withTtlSeconds(30L * 86_400).applyTo(null, Quorum.DEFAULT));
        return Proposals.defineNamespace(view, new NamespaceChange(Namespace.of("session"), 2, 1, 1,
                Reconcile.LAST_WRITE_WINS, 3600L, 5, 4L << 20).applyTo(null, Quorum.DEFAULT));
    }

    @Test
    void namespacesRoundTripAndAViewWithoutAnyKeepsTheFormatOlderNodesRead() {
        MembershipView view = withNamespaces();
        MembershipView back = ViewCodec.decode(ViewCodec.encode(view));
        assertThat(back).isEqualTo(view);
        assertThat(back.namespaces().get(Namespace.of("session")).orElseThrow().reconcile())
                .isEqualTo(Reconcile.LAST_WRITE_WINS);
        assertThat(ViewCodec.encode(view)[0]).as("format").isEqualTo((byte) 4);
        assertThat(ViewCodec.encode(cluster(3))[0]).as("no namespace: format 3, as before").isEqualTo((byte) 3);
    }

    @Test
    void clientAddressesRoundTripAndAnEntryWithoutOneStaysWithout() {
        MembershipView view = cluster(3).withMember(new Member(node(2), "10.0.0.2:7201", "10.0.0.2:7101",
                "10.0.0.2:7301", 1, 4, 9, 0));
        MembershipView back = ViewCodec.decode(ViewCodec.encode(view));
        assertThat(back).isEqualTo(view);
        assertThat(back.members().get(node(2)).clientAddress()).isEqualTo("10.0.0.2:7301");
        assertThat(back.members().get(node(1)).clientAddress()).isEqualTo(Member.NO_ADDRESS);
    }

    @Test
    void aFormatTwoViewOfAnOlderNodeStillDecodesWithNoClientAddresses() {
        ByteWriter old = new ByteWriter(64).writeByte(2).writeVarint(3).writeVarint(1);
        old.writeByte(2).writeBytes("n1".getBytes());
        old.writeByte(3).writeBytes("h:1".getBytes()).writeByte(3).writeBytes("h:2".getBytes());
        old.writeVarint(1).writeVarint(5).writeVarint(7).writeVarint(0);
        Ring ring = Claim.initial(Map.of(io.dynacart.store.identity.NodeId.of("n1"), 1), 16, 1);
        RingCodec.write(old, ring, false);
        old.writeByte(0);
        MembershipView view = ViewCodec.decode(old.toByteArray());
        Member n1 = view.members().get(io.dynacart.store.identity.NodeId.of("n1"));
        assertThat(n1).isEqualTo(new Member(n1.id(), "h:1", "h:2", 1, 5, 7, 0));
        assertThat(n1.clientAddress()).isEqualTo(Member.NO_ADDRESS);
    }

    @Test
    void aViewWithoutZonesIsWrittenAsBeforeZonesAndOneWithZonesInFormatFive() {
        assertThat(ViewCodec.encode(moving())[0]).as("no zone: the bytes of the release before zones").isEqualTo((byte) 3);
        assertThat(ViewCodec.encode(withNamespaces())[0]).as("namespaces, no zone").isEqualTo((byte) 4);
        MembershipView zoned = cluster(3).withMember(new Member(node(2), "10.0.0.2:7201", "10.0.0.2:7101",
                "10.0.0.2:7301", 1, 4, 9, 0, Zone.of("eu-west")));
        byte[] bytes = ViewCodec.encode(zoned);
        assertThat(bytes[0]).isEqualTo((byte) 5);
        assertThat(ViewCodec.decode(bytes).members().get(node(2)).zone().name()).isEqualTo("eu-west");
        MembershipView both = withNamespaces().withMember(new Member(node(2), "10.0.0.2:7201", "10.0.0.2:7101",
                "10.0.0.2:7301", 1, 4, 9, 0, Zone.of("eu-west")));
        assertThat(ViewCodec.decode(ViewCodec.encode(both))).as("zones and namespaces together").isEqualTo(both);
    }

    @Test
    void incarnationsRoundTripInFormatSixOnlyOnceANodeHasOneAboveZero() {
        MembershipView wiped = withNamespaces().withMember(member(2, 9, 0).reborn(3, 9));
        byte[] bytes = ViewCodec.encode(wiped);
        assertThat(bytes[0]).as("a node under incarnation 3").isEqualTo((byte) 6);
        assertThat(ViewCodec.decode(bytes)).isEqualTo(wiped);
        assertThat(ViewCodec.decode(bytes).members().get(node(2)).incarnation()).isEqualTo(3);
        MembershipView learning = cluster(3).withMember(member(2, 9, 0).reborn(0, 10));
        assertThat(ViewCodec.encode(learning)[0]).as("every node under incarnation 0: the format before").isEqualTo((byte) 3);
    }

    @Test
    void aJoiningNodeBringsTheZoneOfItsEntryIntoTheRing() {
        MembershipView view = cluster(5).withMember(new Member(node(6), "10.0.0.6:7000", "10.0.0.6:8080",
                Member.NO_ADDRESS, 1, 3, 0, 0, Zone.of("b")));
        MembershipView joining = Proposals.join(view, node(6), 2);
        assertThat(joining.transition().orElseThrow().target().zoneOf(node(6)).name()).isEqualTo("b");
        assertThat(ViewCodec.decode(ViewCodec.encode(joining))).isEqualTo(joining);
    }

    @Test
    void badZonesAreRejectedNamingThem() {
        ByteWriter badMemberZone = new ByteWriter(64).writeByte(5).writeVarint(3).writeVarint(1);
        badMemberZone.writeByte(2).writeBytes("n1".getBytes());
        badMemberZone.writeByte(3).writeBytes("h:1".getBytes()).writeByte(3).writeBytes("h:2".getBytes()).writeByte(0);
        badMemberZone.writeVarint(1).writeVarint(0).writeVarint(0).writeVarint(0);
        badMemberZone.writeByte(2).writeBytes("a b".getBytes(), 0, 2);
        assertRejected(badMemberZone, "zone of n1");
        ByteWriter unusedZone = new ByteWriter(32).writeVarint(1).writeVarint(2).writeVarint(2).writeVarint(2);
        unusedZone.writeByte(1).writeByte('a').writeByte(1).writeByte('b');
        unusedZone.writeByte(1).writeByte('x').writeVarint(1).writeVarint(0);
        unusedZone.writeByte(1).writeByte('y').writeVarint(1).writeVarint(0);
        unusedZone.writeVarint(0).writeVarint(1);
        assertThatThrownBy(() -> RingCodec.read(new ByteReader(unusedZone.toByteArray()), true))
                .isInstanceOf(DecodingException.class).hasMessageContaining("every zone listed must be used");
        assertThatThrownBy(() -> RingCodec.write(new ByteWriter(8), zonedRing(), false))
                .hasMessageContaining("cannot be written without them");
    }

    private static Ring zonedRing() {
        Map<NodeId, Zone> zones = new TreeMap<>();
        zones.put(node(1), Zone.of("a"));
        zones.put(node(2), Zone.of("b"));
        return Claim.initial(Map.of(node(1), 1, node(2), 1), zones, 16, 2);
    }

    @Test
    void ringsRoundTripAtTheirLargestSize() {
        Map<io.dynacart.store.identity.NodeId, Integer> weights = new java.util.TreeMap<>();
        for (int i = 1; i <= 256; i++) {
            weights.put(node(i), 1 + i % 3);
        }
        Ring big = Claim.initial(weights, 65536, 3);
        ByteWriter out = new ByteWriter(1 << 17);
        RingCodec.write(out, big, false);
        assertThat(out.size()).as("owners as indexes: about two bytes a partition").isLessThan(140_000);
        assertThat(RingCodec.read(new ByteReader(out.toByteArray()), false)).isEqualTo(big);
    }

    @Test
    void everyTruncationIsRejected() {
        byte[] bytes = ViewCodec.encode(withNamespaces());
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
        ByteWriter badClient = new ByteWriter(32).writeByte(3).writeVarint(3).writeVarint(1);
        badClient.writeByte(2).writeBytes("n1".getBytes());
        badClient.writeByte(3).writeBytes("h:1".getBytes()).writeByte(3).writeBytes("h:2".getBytes());
        badClient.writeByte(1).writeBytes(new byte[] {'x'});
        assertRejected(badClient, "client address of n1 is not host:port");
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
        assertThatThrownBy(() -> RingCodec.read(new ByteReader(bytes.toByteArray()), false))
                .isInstanceOf(DecodingException.class).hasMessageContaining(problem);
    }
}
