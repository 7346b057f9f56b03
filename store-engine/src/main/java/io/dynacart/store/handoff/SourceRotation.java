package io.dynacart.store.handoff;

import io.dynacart.store.identity.NodeId;
import java.util.List;
import java.util.Objects;

/**
 * Which source a transfer asks, as a value: the current one until it misses {@code attemptsPerSource}
 * requests in a row or refuses, then the next in the list; {@link #exhausted()} once none is left.
 * A chunk received resets the count of misses, so a slow but live source is not abandoned for a few
 * lost messages spread over a long transfer.
 *
 * @param sources           the nodes to ask, in order
 * @param index             the one asked now; {@code sources.size()} when exhausted
 * @param misses            requests in a row the current source has missed
 * @param attemptsPerSource misses after which the next source is asked
 */
record SourceRotation(List<NodeId> sources, int index, int misses, int attemptsPerSource) {

    SourceRotation {
        sources = List.copyOf(sources);
        if (index < 0 || index > sources.size()) {
            throw new IllegalArgumentException("source index " + index + " is outside 0.." + sources.size());
        }
        if (attemptsPerSource < 1 || misses < 0 || misses >= attemptsPerSource) {
            throw new IllegalArgumentException(misses + " misses of " + attemptsPerSource + " attempts");
        }
    }

    static SourceRotation over(List<NodeId> sources, int attemptsPerSource) {
        return new SourceRotation(sources, 0, 0, attemptsPerSource);
    }

    boolean exhausted() {
        return index == sources.size();
    }

    /** The source to ask now. */
    NodeId current() {
        if (exhausted()) {
            throw new IllegalStateException("every source of " + sources + " has been tried");
        }
        return sources.get(index);
    }

    /** Whether {@code node} is the source asked now. */
    boolean isCurrent(NodeId node) {
        return !exhausted() && sources.get(index).equals(Objects.requireNonNull(node, "node"));
    }

    /** The current source missed a request: ask it again, or the next one after its last attempt. */
    SourceRotation afterMiss() {
        return misses + 1 < attemptsPerSource ? new SourceRotation(sources, index, misses + 1, attemptsPerSource)
                : afterRefusal();
    }

    /** The current source will not serve: ask the next one. */
    SourceRotation afterRefusal() {
        return new SourceRotation(sources, Math.min(index + 1, sources.size()), 0, attemptsPerSource);
    }

    /** The current source answered. */
    SourceRotation afterChunk() {
        return misses == 0 ? this : new SourceRotation(sources, index, 0, attemptsPerSource);
    }
}
