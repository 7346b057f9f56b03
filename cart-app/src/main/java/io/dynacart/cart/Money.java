package io.dynacart.cart;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/**
 * An exact amount: a count of the currency's minor units (cents for EUR) and an ISO 4217 code. Never
 * a float: sums of prices must come out to the cent on every replica. Arithmetic that would overflow
 * a {@code long} throws {@link ArithmeticException} rather than wrap.
 */
public record Money(long minorUnits, String currency) {

    public Money {
        Objects.requireNonNull(currency, "currency");
        try {
            Currency.getInstance(currency);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an ISO 4217 currency code: \"" + currency + "\"", e);
        }
    }

    public static Money of(long minorUnits, String currency) {
        return new Money(minorUnits, currency);
    }

    public static Money zero(String currency) {
        return new Money(0, currency);
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.addExact(minorUnits, other.minorUnits), currency);
    }

    public Money times(long factor) {
        return new Money(Math.multiplyExact(minorUnits, factor), currency);
    }

    public boolean isNegative() {
        return minorUnits < 0;
    }

    /** The amount in major units, exactly, e.g. {@code 12.50} for 1250 EUR cents. */
    public BigDecimal amount() {
        return BigDecimal.valueOf(minorUnits, Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits()));
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot add " + other.currency + " to " + currency);
        }
    }

    @Override
    public String toString() {
        return amount().toPlainString() + " " + currency;
    }
}
