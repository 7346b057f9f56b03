package io.dynacart.web.pages;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.cart.Money;
import org.junit.jupiter.api.Test;

class PricesTest {

    @Test
    void euroAmountsPrintWithTheSymbolAndCents() {
        assertThat(Prices.format(Money.of(3499, "EUR"))).isEqualTo("€34.99");
        assertThat(Prices.format(Money.of(5, "EUR"))).isEqualTo("€0.05");
    }
}
