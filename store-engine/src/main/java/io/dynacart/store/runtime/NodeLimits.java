package io.dynacart.store.runtime;

import io.dynacart.store.budget.ByteBudget;
import io.dynacart.store.transport.tcp.TcpConfig;
import java.util.Objects;

/**
 * What one node may hold at once, so that no input makes it run out of memory or file descriptors.
 *
 * @param bytesInFlight the node's budget of bytes in flight ({@link ByteBudget}): HTTP request
 *                      bodies and answers and messages queued for peers together. Client requests
 *                      are admitted while they keep it under half of this; past that they get 503
 *                      with {@code Retry-After}. At least {@link ByteBudget#MIN_LIMIT} (16 MiB).
 * @param handshakes    unauthenticated inter-node connections, per remote address and in all
 */
public record NodeLimits(long bytesInFlight, TcpConfig.Handshakes handshakes) {

    public NodeLimits {
        Objects.requireNonNull(handshakes, "handshakes");
        if (bytesInFlight < ByteBudget.MIN_LIMIT) {
            throw new IllegalArgumentException("bytes in flight must be at least " + ByteBudget.MIN_LIMIT
                    + " (16 MiB: two of the largest frames), was " + bytesInFlight);
        }
    }

    /** The defaults for a node alone in its JVM: a quarter of the heap in flight ({@link ByteBudget#defaultLimit(long, int)}). */
    public static NodeLimits defaults() {
        return sharingHeapWith(1);
    }

    /** The defaults for one of {@code nodes} nodes in this JVM, which share its heap. */
    public static NodeLimits sharingHeapWith(int nodes) {
        return new NodeLimits(ByteBudget.defaultLimit(Runtime.getRuntime().maxMemory(), nodes),
                TcpConfig.DEFAULT_HANDSHAKES);
    }

    public NodeLimits withBytesInFlight(long bytes) {
        return new NodeLimits(bytes, handshakes);
    }
}
