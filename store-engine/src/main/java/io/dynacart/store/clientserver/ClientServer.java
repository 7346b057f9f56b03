package io.dynacart.store.clientserver;

import io.dynacart.store.api.KvStore;
import io.dynacart.store.budget.ByteBudget;
import io.dynacart.store.clientwire.ClientFrameDecoder;
import io.dynacart.store.clientwire.ClientProtocol;
import io.dynacart.store.identity.NodeId;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * A node's client protocol server: binds its client port on a Netty thread of its own and serves
 * every connection with a {@link ClientSession} over the node's store.
 *
 * <p>Lifecycle: {@link #start} binds (or fails, naming the address), {@link #stopAccepting()} closes
 * the listening socket and lets open connections finish, {@link #close()} closes everything
 * (idempotent). Connections still open at close see their socket closed; their clients fail over.
 */
public final class ClientServer implements AutoCloseable {

    /** Answers queued for a client past this many bytes: stop reading its requests until it drains them. */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(1 << 20, 4 << 20);

    private final EventLoopGroup group;
    private final Channel listener;
    private final ChannelGroup connections;
    private boolean closed;

    private ClientServer(EventLoopGroup group, Channel listener, ChannelGroup connections) {
        this.group = group;
        this.listener = listener;
        this.connections = connections;
    }

    /**
     * Binds {@code config}'s address and serves {@code store} as {@code node}, admitting requests
     * into {@code budget}; threads come from {@code threads}.
     *
     * @throws IllegalStateException naming the address when it cannot be bound
     */
    public static ClientServer start(KvStore store, NodeId node, ByteBudget budget, ClientServerConfig config,
                                     ThreadFactory threads) {
        Objects.requireNonNull(store, "store");
        RequestRunner runner = new RequestRunner(store, budget, config.answerTimeout());
        EventLoopGroup group = new NioEventLoopGroup(1, threads);
        ChannelGroup connections = new DefaultChannelGroup(group.next());
        ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        ClientFrameDecoder frames = new ClientFrameDecoder(ClientProtocol.HELLO_FRAME_LIMIT,
                                ClientProtocol.REQUEST_FRAME_LIMIT);
                        ch.pipeline().addLast(new FlushConsolidationHandler(256, true), frames,
                                new ClientSession(runner, frames, config.token(), node));
                    }
                });
        try {
            Channel listener = bootstrap.bind(config.host(), config.port()).syncUninterruptibly().channel();
            return new ClientServer(group, listener, connections);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            throw new IllegalStateException("cannot bind the client protocol port " + config.host() + ":" + config.port()
                    + ": " + e.getMessage(), e);
        }
    }

    /** The port it listens on (the free one it was given when configured with 0). */
    public int boundPort() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Open client connections now. */
    public int connections() {
        return connections.size();
    }

    /** Takes no new connections; open ones keep being served until {@link #close()}. */
    public void stopAccepting() {
        listener.close().syncUninterruptibly();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        listener.close().syncUninterruptibly();
        connections.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
