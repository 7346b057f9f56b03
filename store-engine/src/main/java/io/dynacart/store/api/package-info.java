/**
 * The client interface of the store (paper, section 4.1, "System interface"):
 * {@link io.dynacart.store.api.KvStore} with get returning siblings and a context, put and delete
 * taking the context; {@link io.dynacart.store.api.Quorum}; the typed errors; and what the key
 * explorer shows of one key ({@link io.dynacart.store.api.KeyPlacement},
 * {@link io.dynacart.store.api.ReplicaCopy}, {@link io.dynacart.store.api.KeyRepairOutcome}).
 *
 * <p>Depends on {@code identity}, {@code versioning} and {@code storage} (for {@code Value}).
 */
package io.dynacart.store.api;
