/**
 * A node for real: {@link io.dynacart.store.runtime.NodeRuntime} opens the node's SQLite storage,
 * runs its event loop on one thread that also serves its TCP sockets, and serves its HTTP API. It
 * also gives the node what running on its own host needs: where it binds versus where it is reached
 * and which seeds it contacts first ({@link io.dynacart.store.runtime.Discovery}, paper section
 * 4.8.2), its limits ({@link io.dynacart.store.runtime.NodeLimits}: one budget of bytes in flight
 * shared by its HTTP API and its transport, unauthenticated connections), a loud failure when a
 * storage thread dies ({@code failure()}, {@code onFailure}), a clean stop ({@code shutdown}), its backups one at a time ({@code NodeBackups}), under the
 * incarnation its data directory records if higher than configured, metrics in its own Micrometer registry
 * ({@link io.dynacart.store.runtime.NodeMetrics}: requests measured as they complete, the rest read
 * at scrape time) and the node's id in every log line (MDC {@code node}, {@code NodeThreads}).
 *
 * <p>Depends on {@code node} and the packages it wires, {@code http}, {@code clientserver}, {@code budget}, and Netty,
 * Micrometer, SLF4J;
 * {@code cluster} depends on it.
 */
package io.dynacart.store.runtime;
