package io.dynacart.store.cluster;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.clientwire.ClientProtocol;
import io.dynacart.store.clientwire.ClientRequest;
import io.dynacart.store.clientwire.ClientResponse;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Context;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * Requests over the nodes' binary client protocol: one persistent {@link WireConnection} per node,
 * opened on first use and again after it closes, with every request to that node pipelined on it.
 * Answers are handed to {@code completions}, never completed on the Netty thread, so a caller's
 * continuation that waits cannot stall every connection.
 */
final class WireExchange implements NodeExchange {

    private final EventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("cluster-client-wire", true));
    private final Bootstrap bootstrap;
    private final Map<NodeId, CompletableFuture<WireConnection>> connections = new ConcurrentHashMap<>();
    private final Duration timeout;
    private final String token;
    private final Executor completions;
    private volatile Topology topology;

    WireExchange(Topology topology, Duration timeout, String token, Executor completions) {
        this.topology = topology;
        this.timeout = timeout;
        this.token = token;
        this.completions = completions;
        this.bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(2000, timeout.toMillis()));
    }

    @Override
    public void topology(Topology t) {
        topology = t;
    }

    @Override
    public CompletableFuture<GetResult> get(NodeId node, Key key, Quorum quorum) {
        return exchange(node, id -> new ClientRequest.Get(id, key, quorum == null ? ClientRequest.NODE_DEFAULT
                : onWire(quorum.r())), answer -> {
            if (answer instanceof ClientResponse.Found f) {
                return new GetResult(key, f.siblings(), f.context(), f.fallbacksOnly(), f.fastestReplica());
            }
            throw unexpected(key, answer);
        });
    }

    @Override
    public CompletableFuture<Context> write(NodeId node, Key key, Context context, byte[] value, Quorum quorum) {
        return exchange(node, id -> value == null ? new ClientRequest.Delete(id, key, context, w(quorum))
                : new ClientRequest.Put(id, key, context, value, w(quorum)), answer -> {
                    if (answer instanceof ClientResponse.Written w) {
                        return w.context();
                    }
                    throw unexpected(key, answer);
                });
    }

    /** An R or W as the protocol carries it ({@link Quorum#LOCAL} has its own code there). */
    private static int onWire(int count) {
        return count == Quorum.LOCAL ? ClientRequest.LOCAL : count;
    }

    private <T> CompletableFuture<T> exchange(NodeId node, LongFunction<ClientRequest> request,
                                              Function<ClientResponse, T> reader) {
        return connection(node).thenCompose(c -> c.send(request, timeout)).handleAsync((answer, failure) -> {
            if (failure != null) {
                throw failure instanceof CompletionException ce ? ce : new CompletionException(failure);
            }
            return reader.apply(answer);
        }, completions);
    }

    /** The ready connection to {@code node}: the open one, or a new one if it has none or it closed. */
    private CompletableFuture<WireConnection> connection(NodeId node) {
        CompletableFuture<WireConnection> current = connections.get(node);
        if (current != null && !current.isCompletedExceptionally()) {
            WireConnection c = current.getNow(null);
            if (c == null || c.isReady()) {
                return current; // still greeting, or open
            }
        }
        InetSocketAddress address = topology.clientAddress(node);
        if (address == null) {
            return CompletableFuture.failedFuture(new Unreachable("no client protocol address known for " + node));
        }
        CompletableFuture<WireConnection> fresh = open(address);
        boolean won = current == null ? connections.putIfAbsent(node, fresh) == null
                : connections.replace(node, current, fresh);
        if (!won) {
            fresh.thenAccept(WireConnection::close); // another request opened one first: use that
            CompletableFuture<WireConnection> other = connections.get(node);
            return other != null ? other : fresh;
        }
        fresh.whenComplete((c, e) -> {
            if (e != null) {
                connections.remove(node, fresh);
            }
        });
        return fresh;
    }

    /**
     * Opens a connection speaking the newest protocol version, or the oldest one if the node is of an
     * older release that refuses it (then its answers name no fastest replica).
     */
    private CompletableFuture<WireConnection> open(InetSocketAddress address) {
        return WireConnection.open(bootstrap, address, token, timeout, ClientProtocol.VERSION).exceptionallyCompose(e -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            return cause instanceof WireConnection.VersionRefused
                    ? WireConnection.open(bootstrap, address, token, timeout, ClientProtocol.OLDEST_VERSION)
                    : CompletableFuture.failedFuture(cause);
        });
    }

    private static int w(Quorum quorum) {
        return quorum == null ? ClientRequest.NODE_DEFAULT : onWire(quorum.w());
    }

    private static RuntimeException unexpected(Key key, ClientResponse answer) {
        if (answer instanceof ClientResponse.Failure f) {
            return Answers.failure(f.code().httpStatus(), f.message(), f.missing(), key);
        }
        return new IllegalStateException("the node answered with " + answer.getClass().getSimpleName()
                + " where another answer was due");
    }

    @Override
    public void close() {
        connections.values().forEach(f -> f.thenAccept(WireConnection::close));
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
