/**
 * The fault schedule: its syntax ({@link io.dynacart.loadgen.fault.FaultSchedule}), the actions as a
 * sealed set of records ({@link io.dynacart.loadgen.fault.FaultAction}), and the executor that
 * carries them out at their times against a {@link io.dynacart.loadgen.fault.FaultTarget} — the
 * operations the paper's section 6 experiments and the demo's control panel use: stop, restart,
 * wipe, partition, heal, join, leave.
 *
 * <p>Depends on store-engine's {@code identity} only.
 */
package io.dynacart.loadgen.fault;
