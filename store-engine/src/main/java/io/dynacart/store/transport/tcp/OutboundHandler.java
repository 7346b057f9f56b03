package io.dynacart.store.transport.tcp;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.transport.tcp.HandshakeFrames.Challenge;
import io.dynacart.store.transport.tcp.HandshakeFrames.HandshakeException;
import io.dynacart.store.transport.tcp.HandshakeFrames.Hello;
import io.dynacart.store.transport.tcp.HandshakeFrames.Proof;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of one outbound connection: it authenticates the server as the peer its
 * {@link PeerLink} wants, proves itself, then hands the channel to the link, which only writes.
 *
 * <pre>
 *   AWAIT_CHALLENGE --CHALLENGE from the expected node, proof good--> READY
 *        any state --bad input, timeout, close--> CLOSED (terminal)
 * </pre>
 * Legal successors ({@code State.successors()}, checked by the one transition, {@code moveTo}):
 * AWAIT_CHALLENGE: READY, CLOSED. READY: CLOSED.
 * What must hold: no message is written before the server proved the secret and named itself as the
 * expected peer (an address book gone stale must not send one node's messages to another); the
 * server sends nothing after its challenge, so any later frame is a protocol error that closes the
 * connection. The client's frame limit stays at the handshake's for the connection's whole life.
 */
final class OutboundHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(OutboundHandler.class);
    /** Netty's buffer may hold this much before the link stops handing it frames (and resumes below the low mark). */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);

    private enum State {
        AWAIT_CHALLENGE, READY, CLOSED;

        Set<State> successors() {
            return switch (this) {
                case AWAIT_CHALLENGE -> EnumSet.of(READY, CLOSED);
                case READY -> EnumSet.of(CLOSED);
                case CLOSED -> EnumSet.noneOf(State.class);
            };
        }
    }

    private final PeerLink link;
    private final InetSocketAddress address;
    private final TcpEnvironment env;
    private State state = State.AWAIT_CHALLENGE;
    private byte[] clientNonce;
    private ScheduledFuture<?> handshakeTimer;

    /** Speaks for {@code link} on a connection to {@code address}, where the address book put its peer. */
    OutboundHandler(PeerLink link, InetSocketAddress address, TcpEnvironment env) {
        this.link = link;
        this.address = address;
        this.env = env;
    }

    /**
     * How {@code link} dials {@code address}: on the link's own event loop (so the link's state and its
     * channel's callbacks share one thread), no Nagle delay, and a frame limit that stays at the
     * handshake's, since the server never sends a message.
     */
    static Bootstrap bootstrap(PeerLink link, EventLoop loop, InetSocketAddress address, TcpEnvironment env) {
        return new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        (int) Math.min(Integer.MAX_VALUE, env.config().connectTimeout().toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        int limit = HandshakeFrames.MAX_FRAME_BYTES;
                        ch.pipeline().addLast(new FrameDecoder(limit, limit), new OutboundHandler(link, address, env));
                    }
                });
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        long millis = env.config().handshakeTimeout().toMillis();
        handshakeTimer = ctx.executor().schedule(
                () -> refuse(ctx, "did not complete the handshake within " + millis + " ms"), millis, TimeUnit.MILLISECONDS);
        clientNonce = env.auth().nonce();
        ctx.writeAndFlush(Frames.single(HandshakeFrames.encode(new Hello(link.self(), clientNonce))));
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        try {
            if (state == State.AWAIT_CHALLENGE) {
                onChallenge(ctx, HandshakeFrames.decodeChallenge(ByteBufUtil.getBytes(frame)));
            } else if (state == State.READY) {
                env.counters().badFrames.increment();
                LOG.warn("{}: closing {}: the server sent a frame after the handshake, where it may only listen",
                        link.self(), describe());
                condemn(ctx);
            }
        } catch (HandshakeException e) {
            refuse(ctx, e.getMessage());
        } finally {
            frame.release();
        }
    }

    private void onChallenge(ChannelHandlerContext ctx, Challenge challenge) {
        NodeId expected = link.peer();
        if (!challenge.server().equals(expected)) {
            refuse(ctx, "it answers as node " + challenge.server() + ", not " + expected + "; is the address book stale?");
            return;
        }
        byte[] proof = env.auth().serverProof(clientNonce, challenge.serverNonce(), expected);
        if (!ClusterAuth.matches(proof, challenge.serverMac())) {
            refuse(ctx, "the server cannot prove the cluster secret");
            return;
        }
        byte[] ours = env.auth().clientProof(challenge.serverNonce(), clientNonce, link.self());
        ctx.writeAndFlush(Frames.single(HandshakeFrames.encode(new Proof(ours))));
        moveTo(State.READY);
        handshakeTimer.cancel(false);
        env.counters().connectionsOpened.increment();
        link.onReady(ctx.channel());
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (state == State.READY && ctx.channel().isWritable()) {
            link.onWritable(ctx.channel());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (state == State.CLOSED) {
            return;
        }
        if (cause instanceof DecoderException && state == State.AWAIT_CHALLENGE) {
            refuse(ctx, cause.getMessage());
        } else if (cause instanceof DecoderException) {
            env.counters().badFrames.increment();
            LOG.warn("{}: closing {}: {}", link.self(), describe(), cause.getMessage());
            condemn(ctx);
        } else if (cause instanceof IOException) {
            LOG.debug("{}: {} closed after an I/O error: {}", link.self(), describe(), cause.toString());
            condemn(ctx);
        } else {
            LOG.warn("{}: closing {} after an unexpected error", link.self(), describe(), cause);
            condemn(ctx);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (state == State.AWAIT_CHALLENGE && !link.closed()) {
            env.counters().connectionsRefused.increment();
            LOG.warn("{}: {} closed by the server before completing the handshake", link.self(), describe());
        }
        condemn(ctx);
        ctx.fireChannelInactive();
    }

    /** Closes a connection whose server did not authenticate; the link will back off and retry. */
    private void refuse(ChannelHandlerContext ctx, String problem) {
        if (state != State.AWAIT_CHALLENGE) {
            return;
        }
        env.counters().connectionsRefused.increment();
        LOG.warn("{}: refused {}: {}", link.self(), describe(), problem);
        condemn(ctx);
    }

    /**
     * The one place the state changes, checked against {@link State#successors()} (an illegal move is
     * a bug and throws, changing nothing). Closing is idempotent: a connection already CLOSED stays so.
     */
    private void moveTo(State next) {
        if (state == State.CLOSED && next == State.CLOSED) {
            return;
        }
        if (!state.successors().contains(next)) {
            throw new IllegalStateException("a connection cannot go from " + state + " to " + next);
        }
        state = next;
    }

    private void condemn(ChannelHandlerContext ctx) {
        moveTo(State.CLOSED);
        if (handshakeTimer != null) {
            handshakeTimer.cancel(false);
        }
        ctx.close();
    }

    private String describe() {
        return "the connection to node " + link.peer() + " at " + address;
    }
}
