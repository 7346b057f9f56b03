/**
 * Handing data to the node it belongs to. Hinted handoff (paper, section 4.6), in three parts: where
 * a hint goes is the ring's {@code PreferenceList.targets} (a fallback stands in for an unreachable
 * primary); storing it is {@link io.dynacart.store.handoff.HintStore} (durably, in the node's
 * storage); delivering it is {@link io.dynacart.store.handoff.HintDelivery}. Partition transfer on
 * join and leave (section 4.9): a node gaining a partition pulls it chunk by chunk from a current
 * holder; {@link io.dynacart.store.handoff.TransferSource} answers, one
 * {@link io.dynacart.store.handoff.PartitionTransfer} per partition receives, paced by a
 * {@link io.dynacart.store.handoff.TransferThrottle}, and
 * {@link io.dynacart.store.handoff.TransferManager} runs both roles for a node;
 * {@link io.dynacart.store.handoff.TransferDriver} follows the gossiped ring transition, asks for
 * what this node must receive ({@link io.dynacart.store.handoff.TransferPlan}) and marks it done.
 * When ownership switches is {@code membership}'s business (the view's merge). Once the new ring has
 * settled, {@link io.dynacart.store.handoff.Reclaimer} drops the partitions this node no longer
 * replicates ({@link io.dynacart.store.handoff.PartitionDrop}, a batch at a time off the loop) when
 * {@link io.dynacart.store.handoff.ReclaimRules} lets each go: never a replica's, never during a ring
 * change, a transfer of it, or while hints for its keys wait here.
 *
 * <p>Depends on {@code identity}, {@code versioning}, {@code storage}, {@code ring},
 * {@code transport}, {@code time} and {@code membership} (reachability).
 */
package io.dynacart.store.handoff;
