package io.dynacart.cart.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.cart.CartNamespaces;
import io.dynacart.cart.Money;
import io.dynacart.cart.Product;
import io.dynacart.cart.ProductId;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.coordinator.CoordinatorConfig;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.sim.SimCluster;
import io.dynacart.store.sim.SimScheduler;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class CatalogTest {

    private final SimCluster cluster = new SimCluster(SimCluster.names(3), new SimScheduler(), new SplittableRandom(3),
            CoordinatorConfig.DEFAULT);

    {
        CartNamespaces.changes(cluster.quorum(), CartNamespaces.DEFAULT_CART_TTL).forEach(cluster::defineNamespace);
    }

    private <T> T await(CompletableFuture<T> f) {
        return cluster.scheduler().await(f);
    }

    @Test
    void theStandardCatalogHasThreeDozenProductsOnSixShelves() {
        Catalog c = StandardCatalog.catalog();
        assertThat(c.size()).isEqualTo(36);
        assertThat(c.products().stream().map(Product::category).distinct()).hasSize(6);
        assertThat(c.find(ProductId.of("kettle"))).get().extracting(Product::price).isEqualTo(Money.of(3499, "EUR"));
    }

    @Test
    void seedingWritesOnceAndNeverOverwrites() {
        KvStore n1 = cluster.client(NodeId.of("n1"));
        Catalog standard = StandardCatalog.catalog();
        assertThat(await(CatalogStore.seed(n1, standard))).isEqualTo(standard);
        Catalog other = new Catalog("EUR", List.of(new Product(ProductId.of("x"), "X", Money.of(1, "EUR"), "Misc")));
        assertThat(await(CatalogStore.seed(cluster.client(NodeId.of("n2")), other))).isEqualTo(standard);
        assertThat(await(CatalogStore.read(cluster.client(NodeId.of("n3"))))).isEqualTo(standard);
    }

    @Test
    void readingAnUnseededStoreSaysSo() {
        assertThatThrownBy(() -> await(CatalogStore.read(cluster.client(NodeId.of("n1")))))
                .hasMessageContaining("holds no catalog under \"catalog\"");
    }

    @Test
    void twoShopsSeedingAtOnceEndWithTheUnionOfTheirCatalogs() {
        Catalog a = new Catalog("EUR", List.of(new Product(ProductId.of("a"), "A", Money.of(1, "EUR"), "Misc")));
        Catalog b = new Catalog("EUR", List.of(new Product(ProductId.of("b"), "B", Money.of(2, "EUR"), "Misc")));
        CompletableFuture<Catalog> first = CatalogStore.seed(cluster.client(NodeId.of("n1")), a);
        CompletableFuture<Catalog> second = CatalogStore.seed(cluster.client(NodeId.of("n2")), b);
        await(first);
        await(second);
        Catalog merged = await(CatalogStore.read(cluster.client(NodeId.of("n3"))));
        assertThat(merged.products()).extracting(p -> p.id().value()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void theStoredFormRoundTripsAndBadBytesAreNamed() {
        Catalog standard = StandardCatalog.catalog();
        assertThat(CatalogCodec.decode(CatalogCodec.encode(standard))).isEqualTo(standard);
        assertThatThrownBy(() -> CatalogCodec.decode("{".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CatalogFormatException.class).hasMessageContaining("not valid catalog JSON");
        assertThatThrownBy(() -> CatalogCodec.decode(
                "{\"format\":1,\"currency\":\"EUR\",\"products\":[{\"id\":\"a b\",\"name\":\"x\",\"price\":1,\"category\":\"c\"}]}"
                        .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CatalogFormatException.class).hasMessageContaining("product id contains the character");
        assertThatThrownBy(() -> CatalogCodec.decode("{\"format\":2,\"currency\":\"EUR\",\"products\":[]}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CatalogFormatException.class).hasMessageContaining("format 2");
    }

    @Test
    void aCatalogRefusesDuplicatesAndMixedCurrencies() {
        Product a = new Product(ProductId.of("a"), "A", Money.of(1, "EUR"), "Misc");
        assertThatThrownBy(() -> new Catalog("EUR", List.of(a, a))).hasMessageContaining("appears twice");
        assertThatThrownBy(() -> new Catalog("USD", List.of(a))).hasMessageContaining("priced in EUR");
    }
}
