/**
 * Request coordination (paper, sections 4.5 and 4.6): one explicit state machine per request
 * ({@code PutOperation}, {@code GetOperation}, {@code ForwardedPut}, and {@code KeyRepair}, an
 * operator's read repair of one key) beside pure tallies
 * ({@link io.dynacart.store.coordinator.WriteTally}, {@link io.dynacart.store.coordinator.ReadTally})
 * that decide "enough"; the {@link io.dynacart.store.coordinator.Coordinator} that starts them and
 * routes answers; the {@link io.dynacart.store.coordinator.ReplicaHandler} that serves replicas' side.
 * Sloppy quorum: writes for unreachable primaries go to fallbacks with hints.
 *
 * <p>No wall clock, sleeps, threads or randomness here: time and messages come through
 * {@link io.dynacart.store.coordinator.CoordinatorEnvironment}. Depends on {@code identity},
 * {@code versioning}, {@code storage}, {@code ring}, {@code api}, {@code transport}, {@code time},
 * {@code membership} and {@code handoff}.
 */
package io.dynacart.store.coordinator;
