package io.dynacart.store.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.dynacart.store.encoding.ByteReader;
import io.dynacart.store.encoding.ByteWriter;
import io.dynacart.store.encoding.DecodingException;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.identity.Zone;
import io.dynacart.store.ring.Claim;
import io.dynacart.store.ring.Ring;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * A peer's view bytes are untrusted: whatever they are, decoding gives a view or {@link
 * DecodingException}. And views and rings with zones round-trip. jqwik prints each property's seed;
 * replay one with {@code @Property(seed = "...")}.
 */
class ViewCodecProperties {

    private static final byte[] SAMPLE = ViewCodec.encode(Proposals.join(
            TestViews.cluster(5).withMember(TestViews.member(6, 2, 9)), TestViews.node(6), 1));
    private static final byte[] WITH_NAMESPACES = ViewCodec.encode(ViewCodecTest.withNamespaces());

    /** A view in zones a, b, c with a node of zone "d" joining. */
    private static final byte[] ZONED_SAMPLE = ViewCodec.encode(zonedView(List.of(0, 1, 2, 0, 1), 3, true));

    @Property(tries = 2000)
    void arbitraryBytesDecodeOrRaiseTheTypedError(@ForAll @Size(max = 300) byte[] bytes) {
        assertDecodesOrRejects(bytes);
    }

    @Property(tries = 2000)
    void corruptedViewsDecodeOrRaiseTheTypedError(@ForAll @Size(min = 1, max = 4) List<@IntRange(min = 0) Integer> positions,
                                                  @ForAll byte replacement) {
        byte[] bytes = SAMPLE.clone();
        for (int p : positions) {
            bytes[p % bytes.length] = replacement;
        }
        assertDecodesOrRejects(bytes);
    }

    @Property(tries = 1000)
    void corruptedViewsWithZonesDecodeOrRaiseTheTypedError(
            @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 0) Integer> positions, @ForAll byte replacement) {
        byte[] bytes = ZONED_SAMPLE.clone();
        for (int p : positions) {
            bytes[p % bytes.length] = replacement;
        }
        assertDecodesOrRejects(bytes);
    }

    @Property(tries = 2000)
    void corruptedNamespaceTablesDecodeOrRaiseTheTypedError(@ForAll @Size(min = 1, max = 3) List<@IntRange(min = 0, max = 60) Integer> fromEnd,
                                                           @ForAll byte replacement) {
        byte[] bytes = WITH_NAMESPACES.clone();
        for (int p : fromEnd) {
            bytes[bytes.length - 1 - p] = replacement;
        }
        assertDecodesOrRejects(bytes);
    }

    @Property(tries = 300)
    void viewsWithZonesRoundTrip(@ForAll @Size(min = 1, max = 12) List<@IntRange(min = 0, max = 4) Integer> zones,
                                 @ForAll @IntRange(min = 0, max = 5) int joinerZone, @ForAll boolean joining) {
        MembershipView view = zonedView(zones, joinerZone, joining);
        byte[] bytes = ViewCodec.encode(view);
        MembershipView back = ViewCodec.decode(bytes);

        assertThat(back).as("a view with zones decodes to itself").isEqualTo(view);
        assertThat(back.ring().zones()).isEqualTo(view.ring().zones());
        back.members().forEach((id, m) -> assertThat(m.zone()).isEqualTo(view.members().get(id).zone()));
        boolean anyZone = view.members().values().stream().anyMatch(m -> !m.zone().equals(Zone.DEFAULT));
        assertThat((int) bytes[0]).as("format 5 only when some node has a zone").isEqualTo(anyZone ? 5 : 3);
    }

    @Property(tries = 300)
    void viewsWithIncarnationsRoundTrip(@ForAll @Size(min = 1, max = 12) List<@IntRange(min = 0, max = 4) Integer> zones,
                                        @ForAll @Size(min = 1, max = 12) List<@IntRange(min = 0, max = 70_000) Integer> incarnations,
                                        @ForAll boolean joining) {
        MembershipView zoned = zonedView(zones, 1, joining);
        List<Member> members = new ArrayList<>();
        int i = 0;
        for (Member m : zoned.members().values()) {
            members.add(m.reborn(incarnations.get(i++ % incarnations.size()), m.generation()));
        }
        MembershipView view = new MembershipView(members, zoned.ring(), zoned.transition().orElse(null), zoned.n());
        byte[] bytes = ViewCodec.encode(view);

        assertThat(ViewCodec.decode(bytes)).isEqualTo(view);
        boolean any = members.stream().anyMatch(m -> m.incarnation() > 0);
        assertThat((int) bytes[0]).as("format 6 only when some node's incarnation is above 0").isEqualTo(any ? 6
                : members.stream().anyMatch(m -> !m.zone().equals(Zone.DEFAULT)) ? 5 : 3);
        for (int k = 0; any && k < 8; k++) {
            byte[] corrupt = bytes.clone();
            corrupt[incarnations.get(k % incarnations.size()) % bytes.length] ^= (byte) (0x5A + k);
            assertDecodesOrRejects(corrupt);
        }
    }

    @Property(tries = 300)
    void ringsWithZonesRoundTripAndWithoutZonesReadAsBefore(@ForAll("rings") Ring ring) {
        ByteWriter out = new ByteWriter(256);
        RingCodec.write(out, ring, true);
        assertThat(RingCodec.read(new ByteReader(out.toByteArray()), true)).isEqualTo(ring);
        if (RingCodec.inDefaultZone(ring)) {
            ByteWriter old = new ByteWriter(256);
            RingCodec.write(old, ring, false);
            assertThat(RingCodec.read(new ByteReader(old.toByteArray()), false)).as("the form before zones")
                    .isEqualTo(ring);
        }
    }

    @Provide
    Arbitrary<Ring> rings() {
        return Arbitraries.integers().between(0, 3).list().ofMinSize(1).ofMaxSize(20).flatMap(zones ->
                Arbitraries.of(16, 32, 64).map(q -> {
                    Map<NodeId, Integer> weights = new TreeMap<>();
                    Map<NodeId, Zone> zoneOf = new TreeMap<>();
                    for (int i = 0; i < zones.size(); i++) {
                        weights.put(TestViews.node(i + 1), 1 + i % 3);
                        zoneOf.put(TestViews.node(i + 1), zones.get(i) == 0 ? Zone.DEFAULT : Zone.of("z" + zones.get(i)));
                    }
                    return Claim.initial(weights, zoneOf, Math.max(q, 32), 3);
                }));
    }

    /**
     * Members n1..nK, member i in zone "z" + zones[i] (0: the default zone), their first ring, and,
     * when {@code joining}, n{K+1} of zone {@code joinerZone} joining with one transfer done.
     */
    static MembershipView zonedView(List<Integer> zones, int joinerZone, boolean joining) {
        List<Member> members = new ArrayList<>();
        Map<NodeId, Integer> weights = new TreeMap<>();
        Map<NodeId, Zone> zoneOf = new TreeMap<>();
        for (int i = 0; i < zones.size(); i++) {
            Zone zone = zones.get(i) == 0 ? Zone.DEFAULT : Zone.of("z" + zones.get(i));
            NodeId id = TestViews.node(i + 1);
            members.add(new Member(id, "10.0.0." + i + ":7000", "10.0.0." + i + ":8080", "10.0.0." + i + ":9000", 1,
                    1, i, 0, zone));
            weights.put(id, 1);
            zoneOf.put(id, zone);
        }
        MembershipView view = new MembershipView(members, Claim.initial(weights, zoneOf, TestViews.Q, TestViews.N),
                null, TestViews.N);
        if (!joining) {
            return view;
        }
        NodeId joiner = TestViews.node(zones.size() + 1);
        view = view.withMember(new Member(joiner, "10.0.1.1:7000", "10.0.1.1:8080", Member.NO_ADDRESS, 1, 2, 5, 0,
                Zone.of("z" + joinerZone)));
        view = Proposals.join(view, joiner, 1);
        return view.requiredTransfers().isEmpty() ? view : view.markDone(view.requiredTransfers().first());
    }

    private static void assertDecodesOrRejects(byte[] bytes) {
        assertThatCode(() -> {
            try {
                MembershipView view = ViewCodec.decode(bytes);
                assertThat(ViewCodec.decode(ViewCodec.encode(view))).as("what decodes round-trips").isEqualTo(view);
            } catch (DecodingException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }).doesNotThrowAnyException();
    }
}
