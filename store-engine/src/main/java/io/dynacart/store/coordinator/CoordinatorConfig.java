package io.dynacart.store.coordinator;

import io.dynacart.store.api.Quorum;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.transport.MessageCodec;
import io.dynacart.store.versioning.VectorClock;
import java.util.Objects;

/**
 * How requests are coordinated.
 *
 * @param defaultQuorum   N, R, W when a request names none
 * @param timeoutMillis   how long a request waits for its quorum; also when unanswered replicas
 *                        are counted as missed and a write's copy for a primary that neither it
 *                        nor a stand-in acknowledged is kept as a hint by the coordinator
 * @param maxClockEntries truncation threshold of new versions' clocks
 * @param incarnation     how many times this node's data directory was wiped and started afresh
 *                        (0 for the first life). A node that lost its data must not reuse the
 *                        counters of its earlier life, so from the first wipe on its versions are
 *                        stamped as {@code <id>.<incarnation>} (e.g. {@code n3.1}) instead of {@code <id>}.
 * @param sloppy          when silent replicas are replaced for a request, and whether a node outside
 *                        a key's replicas coordinates its put when no primary answers
 * @param siblingLimits   the caps on a key's siblings that a put must stay within; they must keep a
 *                        merge of N capped sets within a frame (see {@link SiblingLimits})
 */
public record CoordinatorConfig(Quorum defaultQuorum, long timeoutMillis, int maxClockEntries, int incarnation,
                                SloppyQuorum sloppy, SiblingLimits siblingLimits) {

    public static final CoordinatorConfig DEFAULT = new CoordinatorConfig(Quorum.DEFAULT, 1000,
            VectorClock.DEFAULT_MAX_ENTRIES, 0);

    public CoordinatorConfig(Quorum defaultQuorum, long timeoutMillis, int maxClockEntries) {
        this(defaultQuorum, timeoutMillis, maxClockEntries, 0);
    }

    /** Settings with the default sloppy quorum and sibling caps for {@code defaultQuorum}'s N ({@link SiblingLimits#fitting}). */
    public CoordinatorConfig(Quorum defaultQuorum, long timeoutMillis, int maxClockEntries, int incarnation) {
        this(defaultQuorum, timeoutMillis, maxClockEntries, incarnation, SloppyQuorum.DEFAULT,
                SiblingLimits.fitting(defaultQuorum.n(), Math.max(maxClockEntries, 1)));
    }

    public CoordinatorConfig {
        Objects.requireNonNull(defaultQuorum, "defaultQuorum");
        Objects.requireNonNull(sloppy, "sloppy");
        if (timeoutMillis < 1) {
            throw new IllegalArgumentException("request timeout must be >= 1 ms, was " + timeoutMillis);
        }
        if (maxClockEntries < 1) {
            throw new IllegalArgumentException("clock entries must be >= 1, was " + maxClockEntries);
        }
        if (incarnation < 0) {
            throw new IllegalArgumentException("incarnation must be >= 0, was " + incarnation);
        }
        Objects.requireNonNull(siblingLimits, "siblingLimits");
        if (!siblingLimits.fitFrames(defaultQuorum.n(), maxClockEntries)) {
            throw new IllegalArgumentException("sibling caps of " + siblingLimits.maxSiblings() + " siblings and "
                    + siblingLimits.maxBytes() + " bytes let a merge of N=" + defaultQuorum.n() + " replicas' capped"
                    + " siblings need " + siblingLimits.worstMergedFrameBytes(defaultQuorum.n(), maxClockEntries)
                    + " bytes, more than a frame's " + MessageCodec.MAX_FRAME_BYTES + "; lower them");
        }
    }

    /** The name this node's writes carry in clocks. */
    public NodeId actor(NodeId node) {
        return incarnation == 0 ? node : NodeId.of(node.value() + "." + incarnation);
    }

    public CoordinatorConfig withIncarnation(int n) {
        return new CoordinatorConfig(defaultQuorum, timeoutMillis, maxClockEntries, n, sloppy, siblingLimits);
    }

    public CoordinatorConfig withTimeoutMillis(long millis) {
        return new CoordinatorConfig(defaultQuorum, millis, maxClockEntries, incarnation, sloppy, siblingLimits);
    }

    public CoordinatorConfig withSloppy(SloppyQuorum s) {
        return new CoordinatorConfig(defaultQuorum, timeoutMillis, maxClockEntries, incarnation, s, siblingLimits);
    }

    public CoordinatorConfig withSiblingLimits(SiblingLimits limits) {
        return new CoordinatorConfig(defaultQuorum, timeoutMillis, maxClockEntries, incarnation, sloppy, limits);
    }
}
