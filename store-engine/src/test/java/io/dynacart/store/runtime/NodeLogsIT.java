package io.dynacart.store.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.dynacart.store.cluster.LocalCluster;
import io.dynacart.store.cluster.LocalClusterConfig;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Context;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** With two nodes in one JVM, every line a node's work logs names that node (MDC {@code node}). */
class NodeLogsIT {

    @TempDir
    Path root;

    @Test
    void linesFromNodeWorkCarryTheNodeId() {
        Logger store = (Logger) LoggerFactory.getLogger("io.dynacart.store");
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        store.addAppender(captured);
        try {
            try (LocalCluster cluster = LocalCluster.start(LocalClusterConfig.forTests(2, root))) {
                for (int i = 0; i < 10; i++) {
                    cluster.client(NodeId.of("n1")).put(Key.of("logs:" + i), Context.EMPTY,
                            "v".getBytes(StandardCharsets.UTF_8)).join();
                }
                cluster.stop(NodeId.of("n2"));
                cluster.restart(NodeId.of("n2"));
            }
        } finally {
            store.detachAppender(captured);
        }
        List<ILoggingEvent> events = new ArrayList<>(captured.list);
        assertThat(events).isNotEmpty();
        for (ILoggingEvent e : events) {
            String node = e.getMDCPropertyMap().get("node");
            assertThat(node).as("MDC node of [" + e.getThreadName() + "] " + e.getFormattedMessage()).isIn("n1", "n2");
            if (e.getThreadName().startsWith("node-n")) {
                assertThat(e.getThreadName()).as("a node's event loop logs as that node").startsWith("node-" + node + "-");
            }
        }
        Set<String> nodes = events.stream().map(e -> e.getMDCPropertyMap().get("node")).collect(Collectors.toSet());
        assertThat(nodes).containsExactlyInAnyOrder("n1", "n2");
        assertThat(events).as("the event loops log too").anyMatch(e -> e.getThreadName().startsWith("node-n2-"));
    }
}
