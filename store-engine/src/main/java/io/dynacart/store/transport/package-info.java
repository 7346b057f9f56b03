/**
 * Messaging between nodes: the sealed {@link io.dynacart.store.transport.Message} families, their
 * binary form ({@link io.dynacart.store.transport.MessageCodec}), the
 * {@link io.dynacart.store.transport.Network} interface, an in-memory network, the TCP network
 * ({@code transport.tcp}), and the one decorator of the store,
 * {@link io.dynacart.store.transport.FaultyNetwork}, which drops, delays, duplicates and reorders
 * messages and partitions groups of nodes at run time.
 *
 * <p>Depends on {@code identity}, {@code encoding} (the codec's primitives), {@code versioning},
 * {@code storage} (for {@code Value}), {@code api} (for {@code Quorum}) and {@code time}.
 */
package io.dynacart.store.transport;
