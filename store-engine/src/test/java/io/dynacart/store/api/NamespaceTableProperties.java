package io.dynacart.store.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.identity.Namespace;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every node must end with the same namespace table whatever order gossip brings the changes in:
 * merge is commutative, associative and idempotent, and the later version wins. jqwik prints the
 * seed of a failing run; replay it with {@code @Property(seed = "...")}.
 */
class NamespaceTableProperties {

    @Property(tries = 500)
    void mergeIsCommutativeAssociativeAndIdempotent(@ForAll("tables") NamespaceTable a,
                                                    @ForAll("tables") NamespaceTable b,
                                                    @ForAll("tables") NamespaceTable c) {
        assertThat(a.merge(b)).isEqualTo(b.merge(a));
        assertThat(a.merge(b).merge(c)).isEqualTo(a.merge(b.merge(c)));
        assertThat(a.merge(a)).isEqualTo(a);
        assertThat(a.merge(b).merge(b)).isEqualTo(a.merge(b));
    }

    @Property(tries = 300)
    void theHigherVersionOfANamespaceWins(@ForAll("configs") NamespaceConfig older) {
        NamespaceConfig newer = older.withReconcile(older.reconcile() == Reconcile.SIBLINGS
                ? Reconcile.LAST_WRITE_WINS : Reconcile.SIBLINGS).withVersion(older.version() + 1);
        NamespaceTable one = NamespaceTable.of(List.of(older));
        NamespaceTable two = NamespaceTable.of(List.of(newer));
        assertThat(one.merge(two).get(older.namespace())).contains(newer);
        assertThat(two.merge(one).get(older.namespace())).contains(newer);
        assertThat(two.with(older)).as("an older config never replaces a newer one").isSameAs(two);
    }

    @Property(tries = 50)
    void theDefaultNamespaceIsNeverInTheTable(@ForAll("configs") NamespaceConfig any) {
        NamespaceConfig asDefault = new NamespaceConfig(Namespace.DEFAULT, any.quorum(), any.reconcile(),
                any.ttlSeconds(), any.maxSiblings(), any.maxSiblingBytes(), any.version());
        assertThatThrownBy(() -> NamespaceTable.EMPTY.with(asDefault)).hasMessageContaining("default namespace");
    }

    @Provide
    Arbitrary<NamespaceTable> tables() {
        return configs().list().ofMaxSize(6).map(NamespaceTable::of);
    }

    @Provide
    Arbitrary<NamespaceConfig> configs() {
        Arbitrary<Namespace> names = Arbitraries.of("cart", "order", "session", "catalog").map(Namespace::of);
        Arbitrary<Quorum> quorums = Arbitraries.integers().between(1, 5).flatMap(n -> Combinators.combine(
                Arbitraries.integers().between(1, n), Arbitraries.integers().between(1, n)).as((r, w) -> new Quorum(n, r, w)));
        return Combinators.combine(names, quorums, Arbitraries.of(Reconcile.class),
                Arbitraries.longs().between(0, 90L * 86_400), Arbitraries.integers().between(0, 3))
                .as((name, q, mode, ttl, version) -> new NamespaceConfig(name, q, mode, ttl, 0, 0, version));
    }
}
