/**
 * How a cart's stored bytes fail: {@link io.dynacart.cart.codec.CartFormatException}, naming what was
 * wrong and at which byte, so a corrupt value in the store is reported, never a stray
 * {@code IndexOutOfBoundsException}. The bytes themselves are read and written with the store's strict
 * {@code io.dynacart.store.encoding} reader and writer.
 */
package io.dynacart.cart.codec;
