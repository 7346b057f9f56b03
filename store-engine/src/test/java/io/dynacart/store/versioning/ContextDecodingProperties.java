package io.dynacart.store.versioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.dynacart.store.identity.NodeId;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Whatever a client sends as a context, the decoder answers with a context or the typed error. */
class ContextDecodingProperties {

    @Provide
    Arbitrary<Context> contexts() {
        Arbitrary<VectorClock.Entry> entry = Combinators.combine(
                Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789._-").ofMinLength(1).ofMaxLength(12),
                Arbitraries.longs().between(1, ClockLimits.MAX_COUNTER),
                Arbitraries.longs().between(0, ClockLimits.MAX_TIMESTAMP_MILLIS))
                .as((node, counter, ts) -> new VectorClock.Entry(NodeId.of(node), counter, ts));
        return entry.list().ofMaxSize(Context.MAX_ENTRIES).uniqueElements(VectorClock.Entry::node)
                .map(list -> new Context(VectorClock.of(list.toArray(VectorClock.Entry[]::new))));
    }

    @Property(tries = 1000)
    void anyContextRoundTrips(@ForAll("contexts") Context context) {
        assertThat(Context.fromBytes(context.toBytes())).isEqualTo(context);
        assertThat(Context.fromBase64Url(context.toBase64Url())).isEqualTo(context);
    }

    @Property(tries = 3000)
    void arbitraryBytesDecodeOrRaiseTheTypedError(@ForAll @Size(max = 300) byte[] bytes) {
        assertDecodesOrRejects(bytes);
    }

    @Property(tries = 3000)
    void corruptedContextsDecodeOrRaiseTheTypedError(@ForAll("contexts") Context context,
                                                      @ForAll @Size(min = 1, max = 4) List<Integer> positions,
                                                      @ForAll byte replacement, @ForAll boolean cut) {
        byte[] bytes = context.toBytes();
        List<Integer> at = new ArrayList<>(positions);
        for (int p : at) {
            bytes[Math.floorMod(p, bytes.length)] = replacement;
        }
        if (cut) {
            bytes = java.util.Arrays.copyOf(bytes, Math.floorMod(at.get(0), bytes.length + 1));
        }
        assertDecodesOrRejects(bytes);
    }

    @Property(tries = 3000)
    void arbitraryTextDecodesOrRaisesTheTypedError(@ForAll String text) {
        assertThatCode(() -> {
            try {
                Context.fromBase64Url(text);
            } catch (MalformedContextException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }).doesNotThrowAnyException();
    }

    private static void assertDecodesOrRejects(byte[] bytes) {
        assertThatCode(() -> {
            try {
                Context decoded = Context.fromBytes(bytes);
                assertThat(decoded.toBytes()).as("what decodes re-encodes to the same bytes").isEqualTo(bytes);
            } catch (MalformedContextException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }).doesNotThrowAnyException();
    }
}
