package io.dynacart.store.cluster;

import io.dynacart.store.clientwire.ClientFrameDecoder;
import io.dynacart.store.clientwire.ClientFrames;
import io.dynacart.store.clientwire.ClientProtocol;
import io.dynacart.store.clientwire.ClientRequest;
import io.dynacart.store.clientwire.ClientResponse;
import io.dynacart.store.clientwire.ErrorCode;
import io.dynacart.store.clientwire.MalformedMessageException;
import io.dynacart.store.clientwire.RequestCodec;
import io.dynacart.store.clientwire.ResponseCodec;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * One persistent connection to a node's client port, a state machine:
 *
 * <pre>
 *   GREETING --WELCOME--> READY --closed, malformed answer--> CLOSED
 *      |                                                        ^
 *      +--refused (FAILURE), closed, timed out------------------+
 * </pre>
 *
 * HELLO names the protocol version the connection is opened for; a node of an older release
 * refuses a version it does not speak, and the opener learns it from {@link VersionRefused} (and
 * opens again with an older one). In READY any thread may {@link #send} requests; each gets the next id and a timer, and its answer
 * is matched by id, in whatever order answers come. When the connection closes every request still
 * waiting fails with {@link Unreachable}, so nothing waits past its timeout or the connection's end.
 */
final class WireConnection extends ChannelInboundHandlerAdapter {

    enum State {
        GREETING, READY, CLOSED;

        Set<State> successors() {
            switch (this) {
                case GREETING:
                    return EnumSet.of(READY, CLOSED);
                case READY:
                    return EnumSet.of(CLOSED);
                default:
                    return EnumSet.noneOf(State.class);
            }
        }
    }

    private final String where;
    private final String token;
    private final int version;
    private final CompletableFuture<WireConnection> ready = new CompletableFuture<>();
    private final Map<Long, CompletableFuture<ClientResponse>> waiting = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(ClientProtocol.MIN_ID);
    private volatile State state = State.GREETING;
    private volatile String lastWords = "the connection closed";
    private volatile Channel channel;

    private WireConnection(String where, String token, int version) {
        this.where = where;
        this.token = token;
        this.version = version;
    }

    /**
     * Connects to {@code address} and says HELLO for protocol {@code version}; completes once the node
     * welcomed it, or fails ({@link VersionRefused} when the node does not speak that version).
     */
    static CompletableFuture<WireConnection> open(Bootstrap bootstrap, InetSocketAddress address, String token,
                                                  Duration timeout, int version) {
        WireConnection c = new WireConnection(address.getHostString() + ":" + address.getPort(), token, version);
        bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new FlushConsolidationHandler(256, true),
                        new ClientFrameDecoder(ClientProtocol.RESPONSE_FRAME_LIMIT, ClientProtocol.RESPONSE_FRAME_LIMIT), c);
            }
        }).connect(address).addListener(f -> {
            if (!f.isSuccess()) {
                c.ready.completeExceptionally(new Unreachable(c.where + " refused the connection: " + f.cause(), f.cause()));
            }
        });
        bootstrap.config().group().schedule(() -> {
            if (c.ready.completeExceptionally(new Unreachable(c.where + ": no WELCOME within " + timeout.toMillis() + " ms"))) {
                c.close();
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        return c.ready;
    }

    boolean isReady() {
        return state == State.READY;
    }

    /** Sends the request {@code build} makes with the next id; the answer, or {@link Unreachable} after {@code timeout}. */
    CompletableFuture<ClientResponse> send(LongFunction<ClientRequest> build, Duration timeout) {
        long id = ids.incrementAndGet();
        CompletableFuture<ClientResponse> answer = new CompletableFuture<>();
        waiting.put(id, answer);
        Channel ch = channel;
        if (state != State.READY || ch == null) {
            fail(id, lastWords);
            return answer;
        }
        try {
            ScheduledFuture<?> timer = ch.eventLoop().schedule(() -> fail(id, "no answer within " + timeout.toMillis()
                    + " ms"), timeout.toMillis(), TimeUnit.MILLISECONDS);
            answer.whenComplete((v, e) -> timer.cancel(false));
            ch.writeAndFlush(ClientFrames.frame(ch.alloc(), RequestCodec.encode(build.apply(id))));
        } catch (RejectedExecutionException closing) {
            fail(id, "the client is closing");
        }
        return answer;
    }

    private void fail(long id, String why) {
        CompletableFuture<ClientResponse> f = waiting.remove(id);
        if (f != null) {
            f.completeExceptionally(new Unreachable(where + ": " + why));
        }
    }

    private synchronized boolean moveTo(State next) {
        if (!state.successors().contains(next)) {
            return false;
        }
        state = next;
        return true;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        ctx.writeAndFlush(ClientFrames.frame(ctx.alloc(), RequestCodec.encode(
                new ClientRequest.Hello(ClientProtocol.MIN_ID, version, token))));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        ClientResponse answer;
        try {
            answer = ResponseCodec.decode(ClientFrames.bytes(frame));
        } catch (MalformedMessageException e) {
            lastWords = "its answer did not decode: " + e.getMessage();
            ctx.close();
            return;
        } finally {
            frame.release();
        }
        if (state == State.GREETING) {
            greeted(ctx, answer);
        } else if (answer.id() == ClientProtocol.CONNECTION_ID && answer instanceof ClientResponse.Failure f) {
            lastWords = "the node closed the connection: " + f.message();
        } else {
            CompletableFuture<ClientResponse> f = waiting.remove(answer.id());
            if (f != null) {
                f.complete(answer);
            }
        }
    }

    private void greeted(ChannelHandlerContext ctx, ClientResponse answer) {
        if (answer instanceof ClientResponse.Welcome && moveTo(State.READY)) {
            ready.complete(this);
            return;
        }
        String why = answer instanceof ClientResponse.Failure f ? f.message() : "it answered HELLO with " + answer;
        lastWords = "the node refused the connection: " + why;
        ErrorCode code = answer instanceof ClientResponse.Failure f ? f.code() : null;
        ready.completeExceptionally(code == ErrorCode.UNAUTHORIZED ? new IllegalStateException(where + " refused this client: " + why)
                : code == ErrorCode.BAD_REQUEST && version > ClientProtocol.OLDEST_VERSION ? new VersionRefused(where + ": " + why)
                : new Unreachable(where + ": " + why));
        ctx.close();
    }

    /**
     * A node refused the HELLO's protocol version (an older release: it speaks only older ones); the
     * only BAD_REQUEST a well-formed HELLO can get.
     */
    static final class VersionRefused extends RuntimeException {
        VersionRefused(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        lastWords = "the connection failed: " + cause;
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        moveTo(State.CLOSED);
        ready.completeExceptionally(new Unreachable(where + ": " + lastWords));
        for (Long id : waiting.keySet()) {
            fail(id, lastWords);
        }
    }

    void close() {
        Channel ch = channel;
        moveTo(State.CLOSED);
        if (ch != null) {
            ch.close();
        }
    }
}
