/**
 * The cart service: add, remove, change quantity, view, clear and check out, as read-merge-write
 * cycles over the store's get/put-with-context (paper, sections 4.1 and 4.4). Reading a cart merges
 * its siblings with the store's merge policy and writes the merge back, so divergence does not
 * accumulate. Also the ids of carts this service may touch ({@link io.dynacart.cart.service.CartIds})
 * and the orders a checkout writes.
 *
 * <p>Depends on the cart model, {@code merge}, {@code catalog} and store-engine's client API.
 */
package io.dynacart.cart.service;
