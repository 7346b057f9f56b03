package io.dynacart.store.runtime;

import io.dynacart.store.http.NodeHttpServer;
import io.dynacart.store.identity.NodeId;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.function.Supplier;
import org.slf4j.MDC;

/** A node's threads log as the node: MDC {@code node} = its id (logback pattern {@code %X{node}}). */
final class NodeThreads {

    private NodeThreads() {
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
