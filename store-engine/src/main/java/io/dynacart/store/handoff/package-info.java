/**
 * Hinted handoff (paper, section 4.6), kept in three parts: where a hint goes is the ring's
 * {@code PreferenceList.targets} (a fallback stands in for an unreachable primary); storing it is
 * {@link io.dynacart.store.handoff.HintStore} (durably, in the node's storage); delivering it is
 * {@link io.dynacart.store.handoff.HintDelivery}. Partition transfer on join and leave comes with
 * the membership issue.
 *
 * <p>Depends on {@code identity}, {@code versioning}, {@code storage}, {@code ring},
 * {@code transport}, {@code time} and {@code membership} (reachability).
 */
package io.dynacart.store.handoff;
