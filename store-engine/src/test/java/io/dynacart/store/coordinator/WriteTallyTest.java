package io.dynacart.store.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.identity.NodeId;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WriteTallyTest {

    /**
     * Events are "a:n1" (ack) or "f:n2" (fail) against targets n1, n2, n3; the decision after the last
     * event, and the acknowledgements counted.
     */
    @ParameterizedTest(name = "W={0}, events {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "2 | a:n1                | PENDING   | 1",
        "2 | a:n1 a:n2           | SUCCEEDED | 2",
        "2 | a:n1 a:n1           | PENDING   | 1",
        "2 | a:n1 a:n9           | PENDING   | 1",
        "2 | f:n1 f:n2           | FAILED    | 0",
        "2 | f:n1 a:n2 a:n3      | SUCCEEDED | 2",
        "2 | a:n1 a:n2 f:n3      | SUCCEEDED | 2",
        "2 | f:n1 f:n2 a:n3      | FAILED    | 1",
        "3 | a:n1 a:n2 f:n3      | FAILED    | 2",
        "1 | a:n3                | SUCCEEDED | 1",
        "3 | a:n1 f:n1 a:n2 a:n3 | SUCCEEDED | 3",
        "2 | f:n1 a:n1           | PENDING   | 0",
    })
    void decidesFromDistinctTargetAnswers(int w, String events, Decision expected, int acks) {
        WriteTally tally = new WriteTally(w, targets());
        Decision last = tally.decision();
        for (String e : events.trim().split("\\s+")) {
            NodeId node = NodeId.of(e.substring(2));
            last = e.startsWith("a:") ? tally.ack(node) : tally.fail(node);
        }
        assertThat(last).isEqualTo(expected);
        assertThat(tally.acks()).isEqualTo(acks);
    }

    @ParameterizedTest(name = "W={0} with {1} targets starts {2}")
    @CsvSource({"4, 3, FAILED", "3, 3, PENDING", "1, 0, FAILED"})
    void tooFewTargetsFailAtOnce(int w, int targetCount, Decision expected) {
        assertThat(new WriteTally(w, targets().subList(0, targetCount)).decision()).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void missingListsTheTargetsThatDidNotAcknowledge() {
        WriteTally tally = new WriteTally(2, targets());
        tally.ack(NodeId.of("n2"));
        tally.fail(NodeId.of("n3"));
        assertThat(tally.missing()).containsExactly(NodeId.of("n1"), NodeId.of("n3"));
        assertThat(tally.settled()).isFalse();
        tally.ack(NodeId.of("n1"));
        assertThat(tally.settled()).isTrue();
    }

    private static List<NodeId> targets() {
        return Arrays.asList(NodeId.of("n1"), NodeId.of("n2"), NodeId.of("n3"));
    }
}
