/**
 * The product catalog: an immutable {@link io.dynacart.cart.catalog.Catalog}, the standard one the
 * shop starts with, its stored form under the store key {@code catalog}, seeding it on first start,
 * and the product icons the shop draws (generated SVG, so the demo needs no external assets).
 *
 * <p>Depends on the cart model and on store-engine's client API ({@code KvStore}); knows nothing of
 * carts or HTML pages.
 */
package io.dynacart.cart.catalog;
