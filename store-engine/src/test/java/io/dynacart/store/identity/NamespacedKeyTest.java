package io.dynacart.store.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NamespacedKeyTest {

    private static final Namespace CART = Namespace.of("cart");

    @Test
    void aKeyOfTheDefaultNamespaceKeepsTheBytesItHadBeforeNamespacesExisted() {
        Key plain = Key.of("cart:42");
        assertThat(plain.namespace()).isEqualTo(Namespace.DEFAULT);
        assertThat(Key.of(Namespace.DEFAULT, "cart:42")).isEqualTo(plain);
        assertThat(plain.toByteArray()).isEqualTo("cart:42".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aNamespacedKeyIsItsOwnKeyAndRoundTripsThroughItsStoredBytes() {
        Key inCart = Key.of(CART, "42");
        assertThat(inCart).isNotEqualTo(Key.of("42"));
        assertThat(inCart.namespace()).isEqualTo(CART);
        assertThat(inCart.name()).isEqualTo("42".getBytes(StandardCharsets.UTF_8));
        Key decoded = Key.of(inCart.toByteArray());
        assertThat(decoded).isEqualTo(inCart);
        assertThat(decoded.namespace()).isEqualTo(CART);
        assertThat(inCart).hasToString("cart/42");
        assertThat(Key.ofUtf8(inCart.toByteArray())).as("a client may send a namespaced key's bytes").isEqualTo(inCart);
    }

    @Test
    void theNameLimitIsTheSameInEveryNamespace() {
        byte[] longest = new byte[Key.MAX_LENGTH];
        Arrays.fill(longest, (byte) 'a');
        assertThat(Key.of(CART, longest).name()).hasSize(Key.MAX_LENGTH);
        assertThat(Key.of(Namespace.of("a".repeat(Namespace.MAX_LENGTH)), longest).length())
                .isLessThanOrEqualTo(Key.MAX_STORED_LENGTH);
        assertThatThrownBy(() -> Key.of(CART, new byte[Key.MAX_LENGTH + 1]))
                .isInstanceOf(InvalidKeyException.class).hasMessageContaining("at most " + Key.MAX_LENGTH);
        assertThatThrownBy(() -> Key.of(CART, new byte[0])).isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void bytesStartingWith0xFfMustBeAWellFormedNamespacedKey() {
        assertThatThrownBy(() -> Key.of(new byte[] {(byte) 0xFF, 'x'})).isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("0xFF");
        assertThatThrownBy(() -> Key.of(new byte[] {(byte) 0xFF, 'b', 'a', 'd', '!', 0, 'k'}))
                .isInstanceOf(InvalidKeyException.class).hasMessageContaining("namespace");
        assertThatThrownBy(() -> Key.of(new byte[] {(byte) 0xFF, 'c', 0})).isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("empty");
        byte[] defaultPrefixed = {(byte) 0xFF, 'd', 'e', 'f', 'a', 'u', 'l', 't', 0, 'k'};
        assertThatThrownBy(() -> Key.of(defaultPrefixed)).isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("default namespace");
        assertThatThrownBy(() -> Key.ofUtf8(Key.of(CART, new byte[] {(byte) 0xC3}).toByteArray()))
                .as("a namespaced key's name must be UTF-8 too").isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("UTF-8");
    }

    @Test
    void namespaceNamesFollowTheNameRule() {
        assertThatThrownBy(() -> Namespace.of("bad name")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("namespace contains the character ' '");
        assertThatThrownBy(() -> Namespace.of("")).hasMessageContaining("namespace is empty");
        assertThatThrownBy(() -> Namespace.of("a".repeat(Namespace.MAX_LENGTH + 1)))
                .hasMessageContaining("at most " + Namespace.MAX_LENGTH);
        assertThat(Namespace.of("default")).isSameAs(Namespace.DEFAULT);
    }
}
