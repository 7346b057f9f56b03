package io.dynacart.store.transport.tcp;

import io.dynacart.store.budget.ByteBudget;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.transport.Network;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The network of a real cluster: one {@code TcpNetwork} per node (per process in production), over
 * Netty's NIO transport. Delivery is as {@link Network} promises (at most once, silently lost when a
 * peer is down); in addition, messages from one node to another arrive in the order they were sent
 * while one connection lasts.
 *
 * <h2>Connections and frames</h2>
 * A node sends to each peer over one persistent connection it opens itself, lazily, on the first
 * message (see {@link PeerLink} for queueing, back-pressure and reconnects), and receives on the
 * connections its peers opened; a connection carries messages one way only. Each frame is a 4-byte
 * big-endian length, then a body: a handshake frame, or a message as {@code MessageCodec} writes it.
 * Inbox calls happen on a Netty thread; the inbox should hand the message to the node's own loop.
 *
 * <h2>Authentication</h2>
 * Dynamo trusted its network; DynaCart does not. Before a connection carries a message, both ends
 * prove they hold the cluster secret, with HMAC-SHA256 over fresh nonces (details in {@code ClusterAuth}):
 * <pre>
 *   client (node C)                                        server (node S)
 *      |--- HELLO(version 1, C, clientNonce) ------------------->|
 *      |<-- CHALLENGE(S, serverNonce,                             |
 *      |        HMAC(secret, "srv"|clientNonce|serverNonce|S)) --|
 *   checks S is the peer it dialled and the MAC;
 *   else closes, WARN, backs off
 *      |--- PROOF(HMAC(secret, "cli"|serverNonce|clientNonce|C)) ->|
 *      |                                      checks the MAC; else closes, WARN
 *      |--- messages (delivered as from C) --------------------->|
 * </pre>
 * Either side closes a connection that has not finished within the handshake timeout; until the
 * server accepted the proof, frames may be at most 256 bytes and nothing is delivered. A server
 * holds only so many unauthenticated connections at once, per remote address and in all
 * ({@link TcpConfig.Handshakes}); one more is closed as soon as it is accepted, and such refusals
 * are logged at most once per ten seconds. The secret
 * never crosses the wire and is never logged. What this does not do: the secret is the cluster's, not
 * a node's, so any holder of it may claim any node id; and the frames after the handshake are neither
 * encrypted nor signed, so it keeps strangers out of the cluster, not an active attacker on the path
 * (that would take TLS, or per-node keys and a MAC per frame).
 *
 * <h2>Bad input</h2>
 * A frame over the limit, a message that does not decode, or a broken handshake closes that one
 * connection, with one WARN line naming the remote address and the problem; the node keeps serving
 * every other. A message too large to send is dropped at the sender, counted and logged.
 *
 * <h2>Memory</h2>
 * Messages waiting for a peer are bounded per peer in number ({@code maxQueuedPerPeer}) and, with
 * every other peer's and the node's HTTP requests, in bytes (the node's {@code ByteBudget}); what does
 * not fit is dropped at once, so that the request that sent it counts the replica as missing.
 *
 * <h2>Threads</h2>
 * One acceptor thread and two I/O threads (the machine this was sized for has two cores), released
 * by {@link #close()}. {@code attach}, {@code send} and {@code close} may be called from any thread.
 */
public final class TcpNetwork implements Network, AutoCloseable {

    private static final int IO_THREADS = 2;

    private final TcpEnvironment env;
    private final EventLoopGroup boss;
    private final boolean ownsThreads;
    private TcpEndpoint attached;
    private boolean closed;

    public TcpNetwork(TcpConfig config) {
        Objects.requireNonNull(config, "config");
        this.boss = new NioEventLoopGroup(1, new DefaultThreadFactory("dynacart-tcp-accept", true));
        EventLoopGroup workers = new NioEventLoopGroup(IO_THREADS, new DefaultThreadFactory("dynacart-tcp-io", true));
        this.env = new TcpEnvironment(config, new ClusterAuth(config.clusterSecret()), new Counters(), workers,
                new ByteBudget(ByteBudget.defaultLimit()));
        this.ownsThreads = true;
    }

    /**
     * A network whose accepting and I/O run on {@code loop}, which the caller owns and shuts down
     * after {@link #close()}. A node gives it its own event loop: a message is then handled on the
     * thread that read it, and sent by the thread that wrote it, with no hand-off between threads
     * (measured: hand-offs dominated the cost of a quorum operation on two cores).
     */
    public TcpNetwork(TcpConfig config, EventLoopGroup loop) {
        this(config, loop, new ByteBudget(ByteBudget.defaultLimit()));
    }

    /**
     * As {@link #TcpNetwork(TcpConfig, EventLoopGroup)}, with messages queued for peers counted against
     * {@code inFlight}, the node's budget of bytes in flight that its HTTP API shares: a message
     * that does not fit is dropped (and counted), as one for a full queue is.
     */
    public TcpNetwork(TcpConfig config, EventLoopGroup loop, ByteBudget inFlight) {
        Objects.requireNonNull(config, "config");
        this.boss = Objects.requireNonNull(loop, "loop");
        this.env = new TcpEnvironment(config, new ClusterAuth(config.clusterSecret()), new Counters(), loop,
                Objects.requireNonNull(inFlight, "inFlight"));
        this.ownsThreads = false;
    }

    /**
     * Binds the listening socket and attaches {@code self}; peers reach it once their address book
     * points at {@link #boundAddress()}.
     *
     * @throws IllegalStateException if a node is attached already (one node per {@code TcpNetwork};
     *                               close its endpoint first), the network is closed, or the address
     *                               cannot be bound
     */
    @Override
    public synchronized Endpoint attach(NodeId self, Inbox inbox) {
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(inbox, "inbox");
        if (closed) {
            throw new IllegalStateException("cannot attach node " + self + ": this TcpNetwork is closed");
        }
        if (attached != null) {
            throw new IllegalStateException("cannot attach node " + self + ": node " + attached.self()
                    + " is already attached to this TcpNetwork (one node per network); close its endpoint first");
        }
        attached = TcpEndpoint.listen(self, inbox, env, boss, this::detached);
        return attached;
    }

    private synchronized void detached(TcpEndpoint endpoint) {
        if (attached == endpoint) {
            attached = null;
        }
    }

    /**
     * Where the attached node listens, with the port actually bound (the configured one may be 0).
     *
     * @throws IllegalStateException if no node is attached
     */
    public synchronized InetSocketAddress boundAddress() {
        if (attached == null) {
            throw new IllegalStateException("no node is attached, so nothing listens");
        }
        return attached.boundAddress();
    }

    /** The counters so far: connections, frames, bytes, drops by cause. */
    public TcpStats stats() {
        return env.counters().snapshot();
    }

    /**
     * Closes the attached endpoint, if any, and stops the event loops, waiting for them to end unless
     * called from one of them (an inbox), which cannot wait for itself. Idempotent.
     */
    @Override
    public void close() {
        TcpEndpoint endpoint;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            endpoint = attached;
        }
        if (endpoint != null) {
            endpoint.close();
        }
        if (!ownsThreads) {
            return;
        }
        boolean mayWait = !env.onNetworkThread();
        for (EventLoopGroup group : List.of(boss, env.workers())) {
            Future<?> terminated = group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            if (mayWait) {
                terminated.syncUninterruptibly();
            }
        }
    }

    @Override
    public String toString() {
        return "TcpNetwork[" + env.config() + "]";
    }
}
