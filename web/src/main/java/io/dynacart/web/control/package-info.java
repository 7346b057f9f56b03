/**
 * The demo's control of its embedded cluster: {@link io.dynacart.web.control.ClusterControl}
 * (stop, start, wipe, partition, heal, join, leave as store-engine's {@code FaultAction}s, and the
 * state), the JSON control API that exposes it, and reads of every replica
 * ({@link io.dynacart.web.control.ReadAllStore}); the pages reach any running node or one pinned node
 * through store-engine's {@code KvStores}. Depends on store-engine only.
 */
package io.dynacart.web.control;
