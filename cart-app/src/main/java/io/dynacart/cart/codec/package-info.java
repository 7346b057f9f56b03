/**
 * Bytes for carts: an unsigned-varint {@link io.dynacart.cart.codec.ByteWriter} and a strict
 * {@link io.dynacart.cart.codec.ByteReader} that turns every malformed input into one
 * {@link io.dynacart.cart.codec.CartFormatException} naming what was wrong and where, so a corrupt
 * value in the store is reported, never a stray {@code IndexOutOfBoundsException}.
 *
 * <p>Depends on nothing but the JDK.
 */
package io.dynacart.cart.codec;
