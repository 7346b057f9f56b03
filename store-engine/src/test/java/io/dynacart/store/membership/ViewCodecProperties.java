package io.dynacart.store.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.dynacart.store.encoding.DecodingException;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** A peer's view bytes are untrusted: whatever they are, decoding gives a view or {@link DecodingException}. */
class ViewCodecProperties {

    private static final byte[] SAMPLE = ViewCodec.encode(Proposals.join(
            TestViews.cluster(5).withMember(TestViews.member(6, 2, 9)), TestViews.node(6), 1));
    private static final byte[] WITH_NAMESPACES = ViewCodec.encode(ViewCodecTest.withNamespaces());

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

    @Property(tries = 2000)
    void corruptedNamespaceTablesDecodeOrRaiseTheTypedError(@ForAll @Size(min = 1, max = 3) List<@IntRange(min = 0, max = 60) Integer> fromEnd,
                                                           @ForAll byte replacement) {
        byte[] bytes = WITH_NAMESPACES.clone();
        for (int p : fromEnd) {
            bytes[bytes.length - 1 - p] = replacement;
        }
        assertDecodesOrRejects(bytes);
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
