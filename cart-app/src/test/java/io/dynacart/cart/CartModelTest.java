package io.dynacart.cart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.identity.Key;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CartModelTest {

    @Test
    void arithmeticIsExactInMinorUnits() {
        Money tenCents = Money.of(10, "EUR");
        Money sum = Money.zero("EUR");
        for (int i = 0; i < 10; i++) {
            sum = sum.plus(tenCents);
        }
        assertThat(sum).isEqualTo(Money.of(100, "EUR"));
        assertThat(sum.toString()).isEqualTo("1.00 EUR");
        assertThat(Money.of(1250, "JPY").toString()).isEqualTo("1250 JPY");
    }

    @Test
    void overflowThrowsInsteadOfWrapping() {
        assertThatThrownBy(() -> Money.of(Long.MAX_VALUE, "EUR").plus(Money.of(1, "EUR"))).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> Money.of(Long.MAX_VALUE / 2 + 1, "EUR").times(2)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void currenciesDoNotMix() {
        assertThatThrownBy(() -> Money.of(1, "EUR").plus(Money.of(1, "USD"))).hasMessage("cannot add USD to EUR");
        assertThatThrownBy(() -> Money.of(1, "EURO")).hasMessageContaining("not an ISO 4217 currency code");
    }

    @Test
    void viewPricesLinesInProductOrderAndKeepsUnlistedItemsApart() {
        Product book = new Product(ProductId.of("book"), "A book", Money.of(1999, "EUR"), "Books");
        Product apple = new Product(ProductId.of("apple"), "An apple", Money.of(35, "EUR"), "Food");
        CartView view = CartView.of(Map.of(book.id(), 2L, apple.id(), 3L, ProductId.of("gone"), 1L),
                Map.of(book.id(), book, apple.id(), apple), "EUR", 2);
        assertThat(view.lines()).extracting(l -> l.product().id().value()).containsExactly("apple", "book");
        assertThat(view.lines().get(1).lineTotal()).isEqualTo(Money.of(3998, "EUR"));
        assertThat(view.total()).isEqualTo(Money.of(4103, "EUR"));
        assertThat(view.unavailable()).containsExactly(ProductId.of("gone"));
        assertThat(view.itemCount()).isEqualTo(5);
        assertThat(view.versionsMerged()).isEqualTo(2);
    }

    @Test
    void identifiersAreShortAscii() {
        assertThat(CartId.of("u-42").key()).isEqualTo(Key.of(CartNamespaces.CART, "u-42"));
        assertThatThrownBy(() -> ProductId.of("a b")).hasMessageContaining("contains the character");
        assertThatThrownBy(() -> ProductId.of("")).hasMessageContaining("product id is empty");
        assertThatThrownBy(() -> ProductId.of("x".repeat(65))).hasMessageContaining("at most 64");
    }
}
