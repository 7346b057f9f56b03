package io.dynacart.store.clientserver;

import io.dynacart.store.clientwire.ClientFrameDecoder;
import io.dynacart.store.clientwire.ClientFrames;
import io.dynacart.store.clientwire.ClientProtocol;
import io.dynacart.store.clientwire.ClientRequest;
import io.dynacart.store.clientwire.ClientResponse;
import io.dynacart.store.clientwire.ErrorCode;
import io.dynacart.store.clientwire.MalformedMessageException;
import io.dynacart.store.clientwire.RequestCodec;
import io.dynacart.store.clientwire.ResponseCodec;
import io.dynacart.store.identity.NodeId;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection, a state machine:
 *
 * <pre>
 *   AWAITING_HELLO --HELLO accepted--> READY --frame too large--> CLOSING
 *         |                                     (malformed or refused requests are answered; READY stays)
 *         +--anything else, wrong token, unknown version, frame too large--> CLOSING
 * </pre>
 *
 * In READY every request is handed to the {@link RequestRunner} and answered, under its id, when the
 * store answers, so many are in flight at once and answers leave in the order they are ready.
 * Answers are encoded and written on this channel's event loop. CLOSING has sent its last answer
 * (an error saying why) and reads nothing more. While the client does not read its answers (the
 * channel is not writable) the session stops reading requests.
 */
final class ClientSession extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);

    enum State {
        AWAITING_HELLO, READY, CLOSING;

        /** The states this one may move to. */
        Set<State> successors() {
            switch (this) {
                case AWAITING_HELLO:
                    return EnumSet.of(READY, CLOSING);
                case READY:
                    return EnumSet.of(CLOSING);
                default:
                    return EnumSet.noneOf(State.class);
            }
        }
    }

    private final RequestRunner runner;
    private final ClientFrameDecoder frames;
    private final byte[] token;
    private final NodeId node;
    private State state = State.AWAITING_HELLO;
    /** The protocol version the client's HELLO named; answers are written as that version has them. */
    private int version = ClientProtocol.OLDEST_VERSION;

    ClientSession(RequestRunner runner, ClientFrameDecoder frames, String token, NodeId node) {
        this.runner = runner;
        this.frames = frames;
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.node = node;
    }

    State state() {
        return state;
    }

    private void moveTo(State next) {
        if (!state.successors().contains(next)) {
            throw new IllegalStateException("a client session cannot move from " + state + " to " + next);
        }
        state = next;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        byte[] body;
        try {
            body = ClientFrames.bytes(frame);
        } finally {
            frame.release();
        }
        if (state == State.CLOSING) {
            return;
        }
        ClientRequest request;
        try {
            request = RequestCodec.decode(body);
        } catch (MalformedMessageException e) {
            ClientResponse.Failure refused = ClientResponse.Failure.of(e.requestId(), e.code(), e.getMessage());
            if (state == State.AWAITING_HELLO) {
                closeWith(ctx, refused);
            } else {
                write(ctx, refused);
            }
            return;
        }
        if (state == State.AWAITING_HELLO) {
            hello(ctx, request);
        } else if (request instanceof ClientRequest.Hello) {
            write(ctx, ClientResponse.Failure.of(request.id(), ErrorCode.BAD_REQUEST,
                    "this connection's HELLO was already accepted; send GET, PUT or DELETE"));
        } else {
            runner.run(request).whenCompleteAsync((answer, failure) -> write(ctx, answer != null ? answer
                    : ClientResponse.Failure.of(request.id(), ErrorCode.INTERNAL, StoreFailures.INTERNAL)),
                    ctx.channel().eventLoop());
        }
    }

    private void hello(ChannelHandlerContext ctx, ClientRequest request) {
        if (!(request instanceof ClientRequest.Hello hello)) {
            closeWith(ctx, ClientResponse.Failure.of(request.id(), ErrorCode.UNAUTHORIZED,
                    "the first frame of a connection must be HELLO (type 1) with the protocol version"
                            + " and the node's client token, if it has one"));
        } else if (!ClientProtocol.speaks(hello.version())) {
            closeWith(ctx, ClientResponse.Failure.of(hello.id(), ErrorCode.BAD_REQUEST, "protocol version "
                    + hello.version() + " is not spoken here; this node speaks versions " + ClientProtocol.OLDEST_VERSION
                    + " to " + ClientProtocol.VERSION));
        } else if (token.length > 0 && !MessageDigest.isEqual(token, hello.token().getBytes(StandardCharsets.UTF_8))) {
            LOG.warn("refused a client connection from {}: {} client token", ctx.channel().remoteAddress(),
                    hello.token().isEmpty() ? "no" : "a wrong");
            closeWith(ctx, ClientResponse.Failure.of(hello.id(), ErrorCode.UNAUTHORIZED, hello.token().isEmpty()
                    ? "this node requires a client token in HELLO" : "the client token is wrong"));
        } else {
            moveTo(State.READY);
            version = hello.version();
            frames.raiseLimit();
            write(ctx, new ClientResponse.Welcome(hello.id(), version, node));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (c instanceof TooLongFrameException && state != State.CLOSING) {
            closeWith(ctx, ClientResponse.Failure.of(ClientProtocol.CONNECTION_ID, ErrorCode.TOO_LARGE,
                    c.getMessage() + "; the connection is closed"));
        } else if (state != State.CLOSING) {
            LOG.debug("client connection from {} failed: {}", ctx.channel().remoteAddress(), c.toString());
            moveTo(State.CLOSING);
            ctx.close();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (state != State.CLOSING) {
            ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    private void closeWith(ChannelHandlerContext ctx, ClientResponse.Failure last) {
        moveTo(State.CLOSING);
        ctx.channel().config().setAutoRead(false);
        ctx.writeAndFlush(ClientFrames.frame(ctx.alloc(), ResponseCodec.encode(last)))
                .addListener(ChannelFutureListener.CLOSE);
    }

    private void write(ChannelHandlerContext ctx, ClientResponse answer) {
        if (state == State.CLOSING || !ctx.channel().isActive()) {
            return;
        }
        byte[] body = ResponseCodec.encode(answer instanceof ClientResponse.Found f ? f.forVersion(version) : answer);
        if (body.length > ClientProtocol.RESPONSE_FRAME_LIMIT) {
            body = ResponseCodec.encode(ClientResponse.Failure.of(answer.id(), ErrorCode.TOO_LARGE, "the answer is "
                    + body.length + " bytes, more than the protocol's " + ClientProtocol.RESPONSE_FRAME_LIMIT
                    + "; merge the key's siblings, or read it over HTTP"));
        }
        ctx.writeAndFlush(ClientFrames.frame(ctx.alloc(), body));
    }
}
