package io.dynacart.store.node;

import io.dynacart.store.antientropy.AntiEntropyConfig;
import io.dynacart.store.antientropy.TombstoneConfig;
import io.dynacart.store.budget.BackgroundConfig;
import io.dynacart.store.coordinator.CoordinatorConfig;
import io.dynacart.store.handoff.ReclaimConfig;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.membership.PeerHealth;
import java.util.List;
import java.util.Objects;

/**
 * A node's settings, validated, with defaults.
 *
 * @param id                   the node's name in the ring and in clocks
 * @param coordinator          quorum, request timeout, clock truncation
 * @param failuresToSuspect    missed answers in a row after which a peer is avoided
 * @param probeIntervalMillis  how often avoided peers are pinged
 * @param hintIntervalMillis   how often hints are offered to their primaries
 * @param membership           weight, seeds and gossip
 * @param antiEntropy          how often replicas compare Merkle trees, and the budget for repairs
 * @param tombstones           when a delete's tombstones are collected (the grace period)
 * @param background           how background work yields to foreground requests (the admission
 *                             controller, {@link io.dynacart.store.budget.BackgroundShare})
 * @param reclaim              when and how fast the node drops partitions it no longer replicates
 *                             ({@link io.dynacart.store.handoff.Reclaimer})
 */
public record NodeConfig(NodeId id, CoordinatorConfig coordinator, int failuresToSuspect, long probeIntervalMillis,
                         long hintIntervalMillis, MembershipConfig membership, AntiEntropyConfig antiEntropy,
                         TombstoneConfig tombstones, BackgroundConfig background, ReclaimConfig reclaim) {

    public NodeConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(coordinator, "coordinator");
        Objects.requireNonNull(membership, "membership");
        Objects.requireNonNull(antiEntropy, "antiEntropy");
        Objects.requireNonNull(tombstones, "tombstones");
        Objects.requireNonNull(background, "background");
        Objects.requireNonNull(reclaim, "reclaim");
        if (failuresToSuspect < 1) {
            throw new IllegalArgumentException("failuresToSuspect must be >= 1, was " + failuresToSuspect);
        }
        if (probeIntervalMillis < 1 || hintIntervalMillis < 1) {
            throw new IllegalArgumentException("probe and hint intervals must be >= 1 ms");
        }
    }

    /** Settings with the default reclaiming of dropped partitions ({@link ReclaimConfig#DEFAULT}). */
    public NodeConfig(NodeId id, CoordinatorConfig coordinator, int failuresToSuspect, long probeIntervalMillis,
                      long hintIntervalMillis, MembershipConfig membership, AntiEntropyConfig antiEntropy,
                      TombstoneConfig tombstones, BackgroundConfig background) {
        this(id, coordinator, failuresToSuspect, probeIntervalMillis, hintIntervalMillis, membership, antiEntropy,
                tombstones, background, ReclaimConfig.DEFAULT);
    }

    /** Settings with the default admission control of background work ({@link BackgroundConfig#DEFAULT}). */
    public NodeConfig(NodeId id, CoordinatorConfig coordinator, int failuresToSuspect, long probeIntervalMillis,
                      long hintIntervalMillis, MembershipConfig membership, AntiEntropyConfig antiEntropy,
                      TombstoneConfig tombstones) {
        this(id, coordinator, failuresToSuspect, probeIntervalMillis, hintIntervalMillis, membership, antiEntropy,
                tombstones, BackgroundConfig.DEFAULT);
    }

    /** Settings with the default tombstone collection ({@link TombstoneConfig#DEFAULT}). */
    public NodeConfig(NodeId id, CoordinatorConfig coordinator, int failuresToSuspect, long probeIntervalMillis,
                      long hintIntervalMillis, MembershipConfig membership, AntiEntropyConfig antiEntropy) {
        this(id, coordinator, failuresToSuspect, probeIntervalMillis, hintIntervalMillis, membership, antiEntropy,
                TombstoneConfig.DEFAULT);
    }

    public static NodeConfig defaults(NodeId id) {
        return new NodeConfig(id, CoordinatorConfig.DEFAULT, PeerHealth.DEFAULT_FAILURES_TO_SUSPECT, 1000, 1000,
                MembershipConfig.defaults(List.of()), AntiEntropyConfig.DEFAULT);
    }

    public NodeConfig withCoordinator(CoordinatorConfig c) {
        return new NodeConfig(id, c, failuresToSuspect, probeIntervalMillis, hintIntervalMillis, membership, antiEntropy, tombstones,
                background, reclaim);
    }

    public NodeConfig withMembership(MembershipConfig m) {
        return new NodeConfig(id, coordinator, failuresToSuspect, probeIntervalMillis, hintIntervalMillis, m, antiEntropy, tombstones,
                background, reclaim);
    }

    public NodeConfig withTombstones(TombstoneConfig t) {
        return new NodeConfig(id, coordinator, failuresToSuspect, probeIntervalMillis, hintIntervalMillis, membership,
                antiEntropy, t, background, reclaim);
    }

    public NodeConfig withAntiEntropy(AntiEntropyConfig a) {
        return new NodeConfig(id, coordinator, failuresToSuspect, probeIntervalMillis, hintIntervalMillis, membership,
                a, tombstones, background, reclaim);
    }

    public NodeConfig withBackground(BackgroundConfig b) {
        return new NodeConfig(id, coordinator, failuresToSuspect, probeIntervalMillis, hintIntervalMillis, membership,
                antiEntropy, tombstones, b, reclaim);
    }

    public NodeConfig withReclaim(ReclaimConfig r) {
        return new NodeConfig(id, coordinator, failuresToSuspect, probeIntervalMillis, hintIntervalMillis, membership,
                antiEntropy, tombstones, background, r);
    }
}
