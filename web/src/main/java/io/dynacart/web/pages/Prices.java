package io.dynacart.web.pages;

import io.dynacart.cart.Money;
import java.util.Currency;
import java.util.Locale;

/** Money as the pages print it: {@code €34.99}. */
public final class Prices {

    private Prices() {}

    public static String format(Money m) {
        String symbol = Currency.getInstance(m.currency()).getSymbol(Locale.UK);
        return symbol + m.amount().toPlainString();
    }
}
