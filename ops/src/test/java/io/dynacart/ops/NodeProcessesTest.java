package io.dynacart.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The java command a node process runs with: its JVM defaults, then what the operator adds. */
class NodeProcessesTest {

    @Test
    void aNodeRunsWithTheMeasuredHeapAndCollectorThenTheOperatorsOptions() {
        List<String> cmd = new ArrayList<>();
        NodeProcesses.javaCommand(cmd, Map.of(NodeProcesses.NODE_JAVA_OPTS, "  -Xmx2g   -Xlog:gc:file=/tmp/gc.log "));
        assertThat(cmd).containsSubsequence("-Xmx1g", "-XX:+UseZGC", "-Xmx2g", "-Xlog:gc:file=/tmp/gc.log",
                Dynacart.class.getName());
        assertThat(cmd.indexOf("-Xmx2g")).as("the operator's heap comes later, so it wins").isGreaterThan(cmd.indexOf("-Xmx1g"));
    }

    @Test
    void withoutOptionsOnlyTheDefaults() {
        List<String> cmd = new ArrayList<>();
        NodeProcesses.javaCommand(cmd, Map.of(NodeProcesses.NODE_JAVA_OPTS, "   "));
        assertThat(cmd).doesNotContain("").containsSubsequence("-Xmx1g", "-XX:+UseZGC", "-cp");
    }
}
