package io.dynacart.cart.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.dynacart.cart.codec.CartFormatException;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Both codecs: states round-trip, and any other bytes give a {@link CartFormatException}, never another exception. */
class CartCodecProperties {

    @Provide
    Arbitrary<List<Histories.Step>> histories() {
        return Histories.steps(2);
    }

    @Property(tries = 200)
    void observedRemoveCartsRoundTrip(@ForAll("histories") List<Histories.Step> steps) {
        for (ObservedRemoveCart cart : Histories.run(ObservedRemove.INSTANCE, 2, steps).replicas()) {
            assertThat(ObservedRemove.INSTANCE.decode(ObservedRemove.INSTANCE.encode(cart)))
                    .as("decode(encode(cart)) == cart").isEqualTo(cart);
        }
    }

    @Property(tries = 200)
    void paperCartsRoundTrip(@ForAll("histories") List<Histories.Step> steps) {
        for (PaperCart cart : Histories.run(Paper.INSTANCE, 2, steps).replicas()) {
            assertThat(Paper.INSTANCE.decode(Paper.INSTANCE.encode(cart))).as("decode(encode(cart)) == cart").isEqualTo(cart);
        }
    }

    @Provide
    Arbitrary<byte[]> damagedCarts() {
        Arbitrary<byte[]> valid = histories().map(steps -> {
            List<ObservedRemoveCart> r = Histories.run(ObservedRemove.INSTANCE, 2, steps).replicas();
            return ObservedRemove.INSTANCE.encode(ObservedRemove.INSTANCE.merge(r.get(0), r.get(1)));
        });
        Arbitrary<byte[]> damaged = Arbitraries.integers().between(0, 1 << 20).tuple3()
                .flatMap(t -> valid.map(bytes -> damage(bytes, t.get1(), t.get2(), t.get3())));
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(64)
                .map(b -> prefix(b, new byte[] {1, (byte) (b.length % 3)}));
        return Arbitraries.oneOf(damaged, random, Arbitraries.bytes().array(byte[].class).ofMaxSize(16));
    }

    /** Flips a byte, truncates, or inserts a byte, chosen by {@code how}. */
    private static byte[] damage(byte[] bytes, int how, int where, int value) {
        int at = where % (bytes.length + 1);
        switch (how % 3) {
            case 0:
                if (at == bytes.length) {
                    return Arrays.copyOf(bytes, bytes.length + 1);
                }
                byte[] flipped = bytes.clone();
                flipped[at] ^= (byte) (1 + value % 255);
                return flipped;
            case 1:
                return Arrays.copyOf(bytes, at);
            default:
                byte[] longer = new byte[bytes.length + 1];
                System.arraycopy(bytes, 0, longer, 0, at);
                longer[at] = (byte) value;
                System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
                return longer;
        }
    }

    private static byte[] prefix(byte[] body, byte[] head) {
        byte[] out = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        return out;
    }

    @Property(tries = 1000)
    void anyBytesDecodeToTheirCanonicalCartOrFailClearly(@ForAll("damagedCarts") byte[] bytes) {
        for (CartMerge<?> policy : List.of(Paper.INSTANCE, ObservedRemove.INSTANCE)) {
            Throwable thrown = catchThrowable(() -> reencode(policy, bytes));
            if (thrown == null) {
                continue;
            }
            assertThat(thrown).as("bad bytes give a CartFormatException and nothing else")
                    .isInstanceOf(CartFormatException.class)
                    .hasMessageStartingWith("malformed cart at byte ");
        }
    }

    /** Decodes and, if that worked, checks that only the canonical encoding was accepted. */
    private static <S extends CartState> void reencode(CartMerge<S> policy, byte[] bytes) {
        S cart = policy.decode(bytes);
        assertThat(policy.encode(cart)).as("a decoder accepts only canonical bytes: re-encoding gives them back")
                .isEqualTo(bytes);
    }
}
