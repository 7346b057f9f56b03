/**
 * The demo's control of its embedded cluster: {@link io.dynacart.web.control.ClusterControl}
 * (stop, start, wipe, partition, heal, join, leave, state), the JSON control API that exposes it,
 * and the {@link io.dynacart.store.api.KvStore} views the pages use: any running node
 * ({@link io.dynacart.web.control.RunningNodeStore}), one pinned node
 * ({@link io.dynacart.store.cluster.PinnedClient}), and reads of every replica
 * ({@link io.dynacart.web.control.ReadAllStore}). Depends on store-engine only.
 */
package io.dynacart.web.control;
