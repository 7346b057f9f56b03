package io.dynacart.cart.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.cart.CartId;
import org.junit.jupiter.api.Test;

class CartIdsTest {

    private final CartIds ids = CartIds.withSecret("sixteen or more bytes".getBytes());

    @Test
    void issuedIdsAreOwnedAndDistinct() {
        CartId a = ids.issue();
        CartId b = ids.issue();
        assertThat(a).isNotEqualTo(b);
        assertThat(ids.owns(a)).isTrue();
        assertThat(CartIds.withSecret("sixteen or more bytes".getBytes()).owns(a)).as("same secret, same shop").isTrue();
    }

    @Test
    void namedIdsAreStable() {
        assertThat(ids.named("shopper-7")).isEqualTo(ids.named("shopper-7"));
        assertThat(ids.named("shopper-7").value()).startsWith("shopper-7.");
        assertThatThrownBy(() -> ids.named("x".repeat(CartIds.MAX_LABEL + 1))).hasMessageContaining("at most");
    }

    @Test
    void forgedOrForeignIdsAreRefused() {
        CartId mine = ids.issue();
        String v = mine.value();
        assertThat(ids.owns(CartId.of(v.substring(0, v.length() - 1) + (v.endsWith("a") ? "b" : "a")))).isFalse();
        assertThat(ids.owns(CartId.of("x" + v))).isFalse();
        assertThat(ids.owns(CartId.of("plain"))).isFalse();
        assertThat(CartIds.random().owns(mine)).isFalse();
        assertThatThrownBy(() -> ids.requireOwned(CartId.of("plain")))
                .isInstanceOf(CartRejectedException.class).hasMessageContaining("not issued by this shop");
        assertThatThrownBy(() -> CartIds.withSecret(new byte[8])).hasMessageContaining("at least 16 bytes");
    }
}
