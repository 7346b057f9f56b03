package io.dynacart.store.transport.tcp;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.transport.Message;
import io.dynacart.store.transport.MessageCodec;
import io.dynacart.store.transport.MessageTooLargeException;
import io.dynacart.store.transport.Network;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node attached to a {@link TcpNetwork}: its listening socket, the connections it accepted
 * (which only receive) and one {@link PeerLink} per peer it sends to.
 *
 * <p>What must hold: {@code send} encodes on the caller's thread (so a message the codec refuses is
 * known at once and costs the event loops nothing), then only queues; once {@link #close()} has
 * returned (from outside the network's threads), the inbox is never called again and the port is
 * free to bind.
 */
final class TcpEndpoint implements Network.Endpoint {

    private static final Logger LOG = LoggerFactory.getLogger(TcpEndpoint.class);

    private final NodeId self;
    private final Network.Inbox inbox;
    private final TcpEnvironment env;
    private final Consumer<TcpEndpoint> onClose;
    private final ConcurrentMap<NodeId, PeerLink> links = new ConcurrentHashMap<>();
    private final Set<Channel> accepted = ConcurrentHashMap.newKeySet();
    private final HandshakeSlots handshakes;
    private final RefusalLog refusals = new RefusalLog(LoggerFactory.getLogger(InboundHandler.class));
    private Channel server;
    private InetSocketAddress bound;
    private volatile boolean closed;

    private TcpEndpoint(NodeId self, Network.Inbox inbox, TcpEnvironment env, Consumer<TcpEndpoint> onClose) {
        this.self = self;
        this.inbox = inbox;
        this.env = env;
        this.onClose = onClose;
        this.handshakes = new HandshakeSlots(env.config().handshakes());
    }

    /**
     * Listens on the configured address with {@code boss} accepting connections.
     *
     * @throws IllegalStateException if the address cannot be bound; the message names it and why
     */
    static TcpEndpoint listen(NodeId self, Network.Inbox inbox, TcpEnvironment env, EventLoopGroup boss,
                              Consumer<TcpEndpoint> onClose) {
        TcpEndpoint endpoint = new TcpEndpoint(self, inbox, env, onClose);
        InetSocketAddress address = env.config().bindAddress();
        ChannelFuture bound = new ServerBootstrap().group(boss, env.workers()).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 256)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(endpoint.acceptedPipeline())
                .bind(address).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new IllegalStateException("node " + self + " cannot listen on " + address + ": " + bound.cause(),
                    bound.cause());
        }
        endpoint.server = bound.channel();
        endpoint.bound = (InetSocketAddress) bound.channel().localAddress();
        LOG.info("node {} listens for peers on {}", self, endpoint.bound);
        return endpoint;
    }

    private ChannelInitializer<SocketChannel> acceptedPipeline() {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new FrameDecoder(HandshakeFrames.MAX_FRAME_BYTES, env.config().maxFrameBytes()),
                        new InboundHandler(TcpEndpoint.this, env));
            }
        };
    }

    /** The unauthenticated connections accepted and not yet closed or authenticated. */
    HandshakeSlots handshakes() {
        return handshakes;
    }

    /** Where accepted connections that fail to authenticate are reported, at a bounded rate. */
    RefusalLog refusals() {
        return refusals;
    }

    /** Whether {@link #close()} has begun: connections it closes are not the peers' doing. */
    boolean closed() {
        return closed;
    }

    InetSocketAddress boundAddress() {
        return bound;
    }

    @Override
    public NodeId self() {
        return self;
    }

    @Override
    public void send(NodeId to, Message message) {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(message, "message");
        if (closed) {
            env.counters().droppedClosed.increment();
            return;
        }
        byte[] frame;
        try {
            frame = MessageCodec.encode(message, env.config().maxFrameBytes());
        } catch (MessageTooLargeException e) {
            env.counters().droppedTooLarge.increment();
            LOG.warn("{}: dropped a message to node {}: {}", self, to, e.getMessage());
            return;
        }
        PeerLink link = links.computeIfAbsent(to, peer -> new PeerLink(self, peer, env, () -> unreachable(peer)));
        link.send(frame);
        if (closed) {
            link.close(); // close() may have run between the check above and the link's creation
        }
    }

    /**
     * {@code peer} just proved itself on a connection it opened to us: it is up, so our link to it
     * stops backing off (a restarted node would otherwise wait up to the backoff's maximum for our
     * answers to its requests).
     */
    void peerIsBack(NodeId peer) {
        PeerLink link = links.get(peer);
        if (link != null) {
            link.peerIsBack();
        }
    }

    /** Tells the inbox that a connection attempt to {@code peer} failed, unless this endpoint closed. */
    private void unreachable(NodeId peer) {
        if (closed) {
            return;
        }
        try {
            inbox.unreachable(peer);
        } catch (RuntimeException e) {
            LOG.error("{}: the inbox failed on hearing that node {} is unreachable", self, peer, e);
        }
    }

    /** Hands a message from an authenticated connection to the inbox, unless this endpoint closed. */
    void deliver(NodeId from, Message message) {
        if (closed) {
            return;
        }
        try {
            inbox.deliver(from, message);
        } catch (RuntimeException e) {
            LOG.error("{}: the inbox failed on a {} from node {}", self, message.getClass().getSimpleName(), from, e);
        }
    }

    /** Remembers an accepted connection so that close can close it; one accepted after close closes at once. */
    void track(Channel ch) {
        accepted.add(ch);
        ch.closeFuture().addListener(f -> accepted.remove(ch));
        if (closed) {
            ch.close();
        }
    }

    /**
     * Stops listening, closes every connection, drops what waits to be sent. Idempotent. Called
     * from outside the network's threads, it returns once the port is free and every accepted
     * connection's loop has seen its close, so no delivery is still running; called from an inbox
     * (a Netty thread), it cannot wait, and only the closed flag stops further deliveries.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<ChannelFuture> closing = new ArrayList<>();
        closing.add(server.close());
        accepted.forEach(ch -> closing.add(ch.close()));
        links.values().forEach(PeerLink::close);
        if (!env.onNetworkThread()) {
            closing.forEach(ChannelFuture::awaitUninterruptibly);
        }
        onClose.accept(this);
        LOG.info("node {} stopped listening on {}", self, bound);
    }

    @Override
    public String toString() {
        return "TcpNetwork.Endpoint[" + self + (closed ? ", closed]" : " on " + bound + "]");
    }
}
