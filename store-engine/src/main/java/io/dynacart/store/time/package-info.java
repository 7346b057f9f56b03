/**
 * Time as the rest of the store sees it: {@link io.dynacart.store.time.Clock} for timestamps and
 * {@link io.dynacart.store.time.Scheduler} for a node's event loop and timers. Production code in
 * {@code coordinator}, {@code handoff}, {@code antientropy} and {@code membership} reaches time only
 * through these, so that the simulator can drive it in virtual time from a seed.
 *
 * <p>Depends only on the JDK.
 */
package io.dynacart.store.time;
