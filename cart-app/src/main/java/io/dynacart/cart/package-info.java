/**
 * Carts and the catalog over the store's get/put-with-context (paper, section 4.4: the shopping cart
 * is the paper's example of application-level reconciliation). This package holds the pure model:
 * identifiers, exact {@link io.dynacart.cart.Money}, {@link io.dynacart.cart.Product} and the
 * {@link io.dynacart.cart.CartView} a page renders.
 *
 * <p>Depends on nothing but the JDK; {@code merge} and {@code codec} build on it.
 */
package io.dynacart.cart;
