/**
 * The storage node: {@link io.dynacart.store.node.Node} wires coordination, replica service, hinted
 * handoff, failure detection, gossip membership, partition transfer and anti-entropy over one event
 * loop, and offers itself to clients as a
 * {@code KvStore}. It decides nothing itself.
 *
 * <p>Depends on every technique package; nothing but {@code sim} and the runtime depend on it.
 */
package io.dynacart.store.node;
