package io.dynacart.store.transport.tcp;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.transport.MalformedFrameException;
import io.dynacart.store.transport.Message;
import io.dynacart.store.transport.MessageCodec;
import io.dynacart.store.transport.RefusedFrameException;
import io.dynacart.store.transport.tcp.HandshakeFrames.Challenge;
import io.dynacart.store.transport.tcp.HandshakeFrames.HandshakeException;
import io.dynacart.store.transport.tcp.HandshakeFrames.Hello;
import io.dynacart.store.transport.tcp.HandshakeFrames.Proof;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of one accepted connection: it authenticates the client, then decodes the frames
 * that follow and delivers them as messages from the client's node. It never sends a message.
 *
 * <pre>
 *   AWAIT_HELLO --HELLO--> AWAIT_PROOF --good PROOF--> AUTHENTICATED
 *        any state --bad input, timeout, close--> CLOSED (terminal)
 * </pre>
 * Legal successors ({@code State.successors()}, checked by the one transition, {@code moveTo}):
 * AWAIT_HELLO: AWAIT_PROOF, CLOSED. AWAIT_PROOF: AUTHENTICATED, CLOSED. AUTHENTICATED: CLOSED.
 * What must hold: nothing is delivered before the client proved the secret, nor after the
 * connection was condemned, even from frames that were already decoded in the same read; a bad
 * frame closes this connection only, with one WARN line naming the peer's address and the problem.
 * A frame refused for its clocks ({@link RefusedFrameException}: well formed, the stream still in
 * step) is dropped alone, with a WARN line, and the connection goes on.
 * Until it authenticates, a connection holds one of the endpoint's {@link HandshakeSlots}; one
 * accepted when none is free is closed at once. Refusals before authentication are logged through
 * the endpoint's {@link RefusalLog}, so a stranger cannot flood the log.
 */
final class InboundHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(InboundHandler.class);

    private enum State {
        AWAIT_HELLO, AWAIT_PROOF, AUTHENTICATED, CLOSED;

        Set<State> successors() {
            return switch (this) {
                case AWAIT_HELLO -> EnumSet.of(AWAIT_PROOF, CLOSED);
                case AWAIT_PROOF -> EnumSet.of(AUTHENTICATED, CLOSED);
                case AUTHENTICATED -> EnumSet.of(CLOSED);
                case CLOSED -> EnumSet.noneOf(State.class);
            };
        }
    }

    private final TcpEndpoint endpoint;
    private final TcpEnvironment env;
    private State state = State.AWAIT_HELLO;
    private SocketAddress remote;
    private NodeId client;
    private byte[] clientNonce;
    private byte[] serverNonce;
    private ScheduledFuture<?> handshakeTimer;
    /** The address whose handshake slot this connection holds, or null once it gave it back. */
    private InetAddress slot;

    InboundHandler(TcpEndpoint endpoint, TcpEnvironment env) {
        this.endpoint = endpoint;
        this.env = env;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        remote = ctx.channel().remoteAddress();
        InetAddress from = ((InetSocketAddress) remote).getAddress();
        String full = endpoint.handshakes().tryTake(from);
        if (full != null) {
            env.counters().connectionsShed.increment();
            endpoint.refusals().warn(endpoint.self(), "closed a connection from " + remote + " at once: " + full);
            moveTo(State.CLOSED);
            ctx.close();
            return;
        }
        slot = from;
        long millis = env.config().handshakeTimeout().toMillis();
        handshakeTimer = ctx.executor().schedule(
                () -> refuse(ctx, "did not authenticate within " + millis + " ms"), millis, TimeUnit.MILLISECONDS);
        endpoint.track(ctx.channel());
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        try {
            if (state == State.AUTHENTICATED) {
                onMessage(ctx, frame);
            } else if (state == State.AWAIT_HELLO) {
                onHello(ctx, HandshakeFrames.decodeHello(ByteBufUtil.getBytes(frame)));
            } else if (state == State.AWAIT_PROOF) {
                onProof(ctx, HandshakeFrames.decodeProof(ByteBufUtil.getBytes(frame)));
            }
        } catch (HandshakeException e) {
            refuse(ctx, e.getMessage());
        } finally {
            frame.release();
        }
    }

    private void onHello(ChannelHandlerContext ctx, Hello hello) {
        client = hello.client();
        clientNonce = hello.clientNonce();
        serverNonce = env.auth().nonce();
        byte[] proof = env.auth().serverProof(clientNonce, serverNonce, endpoint.self());
        ctx.writeAndFlush(Frames.single(HandshakeFrames.encode(new Challenge(endpoint.self(), serverNonce, proof))));
        moveTo(State.AWAIT_PROOF);
    }

    private void onProof(ChannelHandlerContext ctx, Proof proof) {
        byte[] expected = env.auth().clientProof(serverNonce, clientNonce, client);
        if (!ClusterAuth.matches(expected, proof.clientMac())) {
            refuse(ctx, "its proof does not match the cluster secret");
            return;
        }
        moveTo(State.AUTHENTICATED);
        handshakeTimer.cancel(false);
        giveBackSlot();
        ctx.pipeline().get(FrameDecoder.class).raiseLimit();
        env.counters().connectionsOpened.increment();
        LOG.debug("{} accepted a connection from {} (node {})", endpoint.self(), ctx.channel().remoteAddress(), client);
        endpoint.peerIsBack(client);
    }

    private void onMessage(ChannelHandlerContext ctx, ByteBuf frame) {
        int length = frame.readableBytes();
        Message message;
        try {
            message = frame.hasArray()
                    ? MessageCodec.decode(frame.array(), frame.arrayOffset() + frame.readerIndex(), length)
                    : MessageCodec.decode(ByteBufUtil.getBytes(frame));
        } catch (RefusedFrameException e) {
            LOG.warn("{}: dropped a frame from {}, keeping the connection: {}", endpoint.self(), describe(), e.getMessage());
            return;
        } catch (MalformedFrameException e) {
            closeForBadFrame(ctx, e.getMessage());
            return;
        }
        endpoint.deliver(client, message);
        env.counters().frameIn(length);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (state == State.CLOSED) {
            return;
        }
        if (cause instanceof DecoderException) {
            String problem = cause.getMessage();
            if (state == State.AUTHENTICATED) {
                closeForBadFrame(ctx, problem);
            } else {
                refuse(ctx, problem);
            }
        } else if (cause instanceof IOException) {
            LOG.debug("{}: {} closed after an I/O error: {}", endpoint.self(), describe(), cause.toString());
            condemn(ctx);
        } else {
            LOG.warn("{}: closing {} after an unexpected error", endpoint.self(), describe(), cause);
            condemn(ctx);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if ((state == State.AWAIT_HELLO || state == State.AWAIT_PROOF) && !endpoint.closed()) {
            env.counters().connectionsRefused.increment();
            endpoint.refusals().warn(endpoint.self(), describe() + " closed by the peer before completing the handshake");
        }
        condemn(ctx);
        ctx.fireChannelInactive();
    }

    /** Closes a connection that did not authenticate; nothing it sent was or will be delivered. */
    private void refuse(ChannelHandlerContext ctx, String problem) {
        if (state == State.CLOSED || state == State.AUTHENTICATED) {
            return;
        }
        env.counters().connectionsRefused.increment();
        endpoint.refusals().warn(endpoint.self(), "refused " + describe() + ": " + problem);
        condemn(ctx);
    }

    private void closeForBadFrame(ChannelHandlerContext ctx, String problem) {
        env.counters().badFrames.increment();
        LOG.warn("{}: closing {}: {}", endpoint.self(), describe(), problem);
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
        giveBackSlot();
        ctx.close();
    }

    private void giveBackSlot() {
        if (slot != null) {
            endpoint.handshakes().give(slot);
            slot = null;
        }
    }

    private String describe() {
        String who = client == null ? "unidentified" : (state == State.AUTHENTICATED ? "node " : "claims to be node ") + client;
        return "the connection from " + remote + " (" + who + ")";
    }
}
