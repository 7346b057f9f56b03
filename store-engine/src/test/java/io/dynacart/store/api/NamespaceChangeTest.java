package io.dynacart.store.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.identity.Namespace;
import org.junit.jupiter.api.Test;

class NamespaceChangeTest {

    private static final Namespace CART = Namespace.of("cart");

    @Test
    void aNewNamespaceStartsFromTheClusterQuorumAndAChangeKeepsWhatItDoesNotName() {
        NamespaceConfig cart = NamespaceChange.of(CART).withTtlSeconds(60).applyTo(null, Quorum.DEFAULT);
        assertThat(cart.quorum()).isEqualTo(Quorum.DEFAULT);
        assertThat(cart.reconcile()).isEqualTo(Reconcile.SIBLINGS);
        assertThat(cart.ttlSeconds()).isEqualTo(60);
        NamespaceConfig twoReplicas = new NamespaceChange(CART, 2, null, null, null, null, null, null)
                .applyTo(cart, Quorum.DEFAULT);
        assertThat(twoReplicas.quorum()).as("R and W follow a smaller N down").isEqualTo(new Quorum(2, 2, 2));
        assertThat(twoReplicas.ttlSeconds()).isEqualTo(60);
    }

    @Test
    void settingsOutOfBoundsAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new NamespaceChange(CART, 2, 3, null, null, null, null, null)
                .applyTo(null, Quorum.DEFAULT)).hasMessageContaining("R must be between 1 and N=2, was 3");
        assertThatThrownBy(() -> NamespaceChange.of(CART).withTtlSeconds(-1).applyTo(null, Quorum.DEFAULT))
                .hasMessageContaining("ttl must be");
        assertThatThrownBy(() -> new NamespaceChange(CART, null, null, null, null, null, null, 10L)
                .applyTo(null, Quorum.DEFAULT)).hasMessageContaining("max sibling bytes");
        assertThatThrownBy(() -> NamespaceChange.of(Namespace.DEFAULT)).hasMessageContaining("default namespace");
        assertThatThrownBy(() -> Reconcile.parse("newest")).hasMessageContaining("'siblings' or 'last-write-wins'");
    }
}
