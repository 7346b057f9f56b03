/**
 * The executor that carries a fault schedule out in wall-clock time, each action at its time,
 * against a {@link io.dynacart.loadgen.fault.FaultTarget}, and the record of what happened. The
 * schedule's syntax and its actions are store-engine's ({@code io.dynacart.store.cluster.FaultSchedule},
 * {@code FaultAction}), shared with the simulator and the demo's control API: stop, restart, wipe,
 * partition, heal, join, leave, and the link faults.
 *
 * <p>Depends on store-engine's {@code cluster} (the fault vocabulary) only.
 */
package io.dynacart.loadgen.fault;
