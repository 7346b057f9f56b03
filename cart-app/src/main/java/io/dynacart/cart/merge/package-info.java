/**
 * Semantic reconciliation of divergent carts (paper, sections 4.4 and 6.1: "the application can
 * merge the versions"). {@link io.dynacart.cart.merge.CartMerge} is the sealed set of policies, both
 * shipped: {@link io.dynacart.cart.merge.Paper} (Dynamo's union: an add is never lost, a removed item
 * may come back) and {@link io.dynacart.cart.merge.ObservedRemove} (an OR-map with a causal context:
 * a remove takes away exactly the adds it saw). A device applies {@link io.dynacart.cart.merge.CartOp}s
 * to its replica's state; states merge as a join (commutative, associative, idempotent) and are
 * stored as bytes through each policy's codec.
 *
 * <p>Pure: no I/O, no clock, no randomness; tags come from the caller. Depends on
 * {@code io.dynacart.cart} and {@code io.dynacart.cart.codec}.
 */
package io.dynacart.cart.merge;
