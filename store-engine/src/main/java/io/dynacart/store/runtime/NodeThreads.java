package io.dynacart.store.runtime;

import io.dynacart.store.http.NodeHttpServer;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.time.ExecutorScheduler;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A node's two threads: its event loop, which runs the node's logic and its peer sockets alike (no
 * hand-off between them), and a worker for the node's work that may block on storage (scans), off
 * the loop. Every thread of a node logs as the node: MDC {@code node} = its id (logback pattern
 * {@code %X{node}}).
 */
final class NodeThreads {

    private static final Logger LOG = LoggerFactory.getLogger(NodeThreads.class);

    private final NodeId id;
    private final EventLoopGroup group;
    private final ExecutorScheduler loop;
    private final ExecutorService worker;

    NodeThreads(NodeId id) {
        this.id = id;
        this.group = new NioEventLoopGroup(1, named(id));
        this.loop = new ExecutorScheduler(group.next());
        this.worker = Executors.newSingleThreadExecutor(named(id));
    }

    /** The event loop as Netty's group, for the node's sockets. */
    EventLoopGroup group() {
        return group;
    }

    /** The event loop as the node's scheduler. */
    ExecutorScheduler loop() {
        return loop;
    }

    /** The worker that runs storage scans off the loop. */
    ExecutorService worker() {
        return worker;
    }

    /** Stops taking tasks on the loop, then lets a scan in progress finish (its result goes nowhere). */
    void stopTasks() {
        loop.close();
        worker.shutdownNow();
        try {
            if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("{}: a storage scan is still running as the node stops", id);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Ends the event loop's thread, once the sockets on it are closed (and the worker's, if
     * {@link #stopTasks} has not: a node that failed to start).
     */
    void stopLoop() {
        loop.close();
        worker.shutdownNow();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Daemon threads named {@code node-<id>-...}, whose every log line carries MDC {@code node}. */
    static DefaultThreadFactory named(NodeId id) {
        return new DefaultThreadFactory("node-" + id, true) {
            @Override
            protected Thread newThread(Runnable r, String name) {
                return super.newThread(() -> {
                    MDC.put(NodeHttpServer.MDC_NODE, id.value());
                    r.run();
                }, name);
            }
        };
    }

    /** Runs {@code body} on the calling thread with MDC {@code node} = {@code id}, then restores the MDC. */
    static <T> T as(NodeId id, Supplier<T> body) {
        String outer = MDC.get(NodeHttpServer.MDC_NODE);
        MDC.put(NodeHttpServer.MDC_NODE, id.value());
        try {
            return body.get();
        } finally {
            if (outer == null) {
                MDC.remove(NodeHttpServer.MDC_NODE);
            } else {
                MDC.put(NodeHttpServer.MDC_NODE, outer);
            }
        }
    }
}
