package io.dynacart.store.transport.tcp;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.transport.MessageCodec;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;

/**
 * How one node's {@link TcpNetwork} listens, finds its peers and proves it belongs to the cluster.
 * Build it with {@link #defaults} and adjust with the {@code with...} methods.
 *
 * @param bindAddress      where the node listens; port 0 picks a free port ({@link TcpNetwork#boundAddress()})
 * @param addressBook      where each peer listens, asked each time a connection to it is opened (so it
 *                         may change as nodes move); {@code null} for a peer with no known address,
 *                         whose messages are dropped
 * @param clusterSecret    the secret every node of the cluster shares, at least {@value #MIN_SECRET_BYTES}
 *                         bytes; copied in, never printed
 * @param maxFrameBytes    the largest frame body accepted or sent, from {@value #MIN_FRAME_BYTES} to
 *                         {@link MessageCodec#MAX_FRAME_BYTES}
 * @param maxQueuedPerPeer messages that may wait for one peer (connecting, or its socket is full)
 *                         before more are dropped; bounds a slow or dead peer's cost in memory
 * @param connectTimeout   how long a TCP connect may take
 * @param handshakeTimeout how long a connection may take to authenticate, on either side, before it
 *                         is closed
 * @param reconnect        the wait between failed attempts to reach a peer
 * @param handshakes       how many accepted connections may be unauthenticated at once, per remote
 *                         address and in all; one more is closed as soon as it is accepted
 */
public record TcpConfig(InetSocketAddress bindAddress, Function<NodeId, InetSocketAddress> addressBook,
                        byte[] clusterSecret, int maxFrameBytes, int maxQueuedPerPeer, Duration connectTimeout,
                        Duration handshakeTimeout, Backoff reconnect, Handshakes handshakes) {

    /** A shorter secret is guessable; 16 bytes is the HMAC key length NIST asks for at 128-bit strength. */
    public static final int MIN_SECRET_BYTES = 16;
    /** A smaller frame limit could not hold a version with its clock, let alone a value. */
    public static final int MIN_FRAME_BYTES = 4096;
    /** Defaults: enough to ride out a reconnect at tens of thousands of messages a second. */
    public static final int DEFAULT_MAX_QUEUED_PER_PEER = 16_384;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(3);
    public static final Backoff DEFAULT_RECONNECT = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(5));
    /**
     * A peer opens one connection to a node and re-opens it after a loss, so even a host running a
     * dozen nodes has a few handshakes in progress at once; 16 per address leaves room for that, and
     * 256 in all stays far below a process's usual limit of 1024 open files.
     */
    public static final Handshakes DEFAULT_HANDSHAKES = new Handshakes(16, 256);

    public TcpConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(addressBook, "addressBook");
        Objects.requireNonNull(clusterSecret, "clusterSecret");
        if (clusterSecret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the cluster secret is " + clusterSecret.length + " bytes; at least "
                    + MIN_SECRET_BYTES + " are required");
        }
        clusterSecret = clusterSecret.clone();
        if (maxFrameBytes < MIN_FRAME_BYTES || maxFrameBytes > MessageCodec.MAX_FRAME_BYTES) {
            throw new IllegalArgumentException("the frame limit must be between " + MIN_FRAME_BYTES + " and "
                    + MessageCodec.MAX_FRAME_BYTES + " bytes, was " + maxFrameBytes);
        }
        if (maxQueuedPerPeer < 1) {
            throw new IllegalArgumentException("at least one message must be able to wait per peer, was " + maxQueuedPerPeer);
        }
        requirePositive("connect timeout", connectTimeout);
        requirePositive("handshake timeout", handshakeTimeout);
        Objects.requireNonNull(reconnect, "reconnect");
        Objects.requireNonNull(handshakes, "handshakes");
    }

    /** Listens on {@code bindAddress}; frames up to the codec's limit; the other settings at their defaults. */
    public static TcpConfig defaults(InetSocketAddress bindAddress, Function<NodeId, InetSocketAddress> addressBook,
                                     byte[] clusterSecret) {
        return new TcpConfig(bindAddress, addressBook, clusterSecret, MessageCodec.MAX_FRAME_BYTES,
                DEFAULT_MAX_QUEUED_PER_PEER, DEFAULT_CONNECT_TIMEOUT, DEFAULT_HANDSHAKE_TIMEOUT, DEFAULT_RECONNECT,
                DEFAULT_HANDSHAKES);
    }

    /** A copy of the secret: the record's own copy is never handed out. */
    @Override
    public byte[] clusterSecret() {
        return clusterSecret.clone();
    }

    public TcpConfig withBindAddress(InetSocketAddress address) {
        return new TcpConfig(address, addressBook, clusterSecret, maxFrameBytes, maxQueuedPerPeer, connectTimeout,
                handshakeTimeout, reconnect, handshakes);
    }

    public TcpConfig withMaxFrameBytes(int bytes) {
        return new TcpConfig(bindAddress, addressBook, clusterSecret, bytes, maxQueuedPerPeer, connectTimeout,
                handshakeTimeout, reconnect, handshakes);
    }

    public TcpConfig withMaxQueuedPerPeer(int messages) {
        return new TcpConfig(bindAddress, addressBook, clusterSecret, maxFrameBytes, messages, connectTimeout,
                handshakeTimeout, reconnect, handshakes);
    }

    public TcpConfig withTimeouts(Duration connect, Duration handshake) {
        return new TcpConfig(bindAddress, addressBook, clusterSecret, maxFrameBytes, maxQueuedPerPeer, connect,
                handshake, reconnect, handshakes);
    }

    public TcpConfig withReconnect(Backoff backoff) {
        return new TcpConfig(bindAddress, addressBook, clusterSecret, maxFrameBytes, maxQueuedPerPeer, connectTimeout,
                handshakeTimeout, backoff, handshakes);
    }

    public TcpConfig withHandshakes(Handshakes limits) {
        return new TcpConfig(bindAddress, addressBook, clusterSecret, maxFrameBytes, maxQueuedPerPeer, connectTimeout,
                handshakeTimeout, reconnect, limits);
    }

    /** Equal when every setting is, the secret compared by content (the address book by identity). */
    @Override
    public boolean equals(Object o) {
        return o instanceof TcpConfig c && bindAddress.equals(c.bindAddress) && addressBook == c.addressBook
                && Arrays.equals(clusterSecret, c.clusterSecret) && maxFrameBytes == c.maxFrameBytes
                && maxQueuedPerPeer == c.maxQueuedPerPeer && connectTimeout.equals(c.connectTimeout)
                && handshakeTimeout.equals(c.handshakeTimeout) && reconnect.equals(c.reconnect)
                && handshakes.equals(c.handshakes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(bindAddress, Arrays.hashCode(clusterSecret), maxFrameBytes, maxQueuedPerPeer,
                connectTimeout, handshakeTimeout, reconnect, handshakes);
    }

    /** Names the secret's length only, so that logging a config never leaks it. */
    @Override
    public String toString() {
        return "TcpConfig[bind " + bindAddress + ", secret of " + clusterSecret.length + " bytes, frames up to "
                + maxFrameBytes + " bytes, " + maxQueuedPerPeer + " queued per peer, connect timeout " + connectTimeout
                + ", handshake timeout " + handshakeTimeout + ", reconnect " + reconnect + ", " + handshakes + "]";
    }

    private static void requirePositive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("the " + name + " must be positive, was " + d);
        }
    }

    /**
     * Bounds on accepted connections that have not yet authenticated (see {@code TcpNetwork}): a
     * stranger, or a peer still proving itself, holds one of these until it authenticates, fails, or
     * the handshake timeout closes it.
     *
     * @param perAddress from any one remote address at once
     * @param total      from all addresses together, at least {@code perAddress}
     */
    public record Handshakes(int perAddress, int total) {

        public Handshakes {
            if (perAddress < 1 || total < perAddress) {
                throw new IllegalArgumentException("unauthenticated connections: at least 1 per address and a total"
                        + " at least that; were " + perAddress + " per address, " + total + " in all");
            }
        }

        @Override
        public String toString() {
            return "at most " + perAddress + " unauthenticated connections per address, " + total + " in all";
        }
    }

    /**
     * Exponential backoff between attempts to reach a peer: {@code min} after the first failure,
     * doubling with each further one, never above {@code max}. No jitter: connections are opened
     * lazily, per peer, by the node that needs one, so there is no herd of clients to spread.
     */
    public record Backoff(Duration min, Duration max) {

        public Backoff {
            requirePositive("minimum backoff", min);
            Objects.requireNonNull(max, "max");
            if (max.compareTo(min) < 0) {
                throw new IllegalArgumentException("the maximum backoff " + max + " is below the minimum " + min);
            }
        }

        /** The wait after {@code failures} consecutive failed attempts (at least 1). */
        public long delayMillis(int failures) {
            long minMillis = min.toMillis();
            long maxMillis = max.toMillis();
            int doublings = Math.min(Math.max(failures, 1) - 1, 62);
            long delay = minMillis;
            for (int i = 0; i < doublings && delay < maxMillis; i++) {
                delay *= 2;
            }
            return Math.min(delay, maxMillis);
        }
    }
}
