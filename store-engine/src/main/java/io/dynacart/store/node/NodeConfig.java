package io.dynacart.store.node;

import io.dynacart.store.coordinator.CoordinatorConfig;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.membership.PeerHealth;
import java.util.Objects;

/**
 * A node's settings, validated, with defaults.
 *
 * @param id                   the node's name in the ring and in clocks
 * @param coordinator          quorum, request timeout, clock truncation
 * @param failuresToSuspect    missed answers in a row after which a peer is avoided
 * @param probeIntervalMillis  how often avoided peers are pinged
 * @param hintIntervalMillis   how often hints are offered to their primaries
 */
public record NodeConfig(NodeId id, CoordinatorConfig coordinator, int failuresToSuspect, long probeIntervalMillis,
                         long hintIntervalMillis) {

    public NodeConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(coordinator, "coordinator");
        if (failuresToSuspect < 1) {
            throw new IllegalArgumentException("failuresToSuspect must be >= 1, was " + failuresToSuspect);
        }
        if (probeIntervalMillis < 1 || hintIntervalMillis < 1) {
            throw new IllegalArgumentException("probe and hint intervals must be >= 1 ms");
        }
    }

    public static NodeConfig defaults(NodeId id) {
        return new NodeConfig(id, CoordinatorConfig.DEFAULT, PeerHealth.DEFAULT_FAILURES_TO_SUSPECT, 1000, 1000);
    }

    public NodeConfig withCoordinator(CoordinatorConfig c) {
        return new NodeConfig(id, c, failuresToSuspect, probeIntervalMillis, hintIntervalMillis);
    }
}
