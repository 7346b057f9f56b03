/**
 * Messaging between nodes: the sealed {@link io.dynacart.store.transport.Message} families, the
 * {@link io.dynacart.store.transport.Network} interface, an in-memory network, and the one decorator
 * of the store, {@link io.dynacart.store.transport.FaultyNetwork}, which drops, delays, duplicates
 * and reorders messages and partitions groups of nodes at run time.
 *
 * <p>Depends on {@code identity}, {@code versioning}, {@code storage} (for {@code Value}), {@code api}
 * (for {@code Quorum}) and {@code time}.
 */
package io.dynacart.store.transport;
