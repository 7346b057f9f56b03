package io.dynacart.store.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.api.QuorumNotReachedException;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A node's 503 reaches a remote client in the node's own words, not as a made-up count. */
class AnswersTest {

    private static final Key KEY = Key.of("k");
    private static final List<NodeId> MISSING = List.of(NodeId.of("n3"), NodeId.of("n1"));

    @Test
    void aQuorumNotReachedKeepsTheNodesCounts() {
        RuntimeException e = Answers.failure(503,
                "put needed 2 replicas but 1 answered in time; no answer from [n3, n1]", MISSING, KEY);
        assertThat(e).isInstanceOf(QuorumNotReachedException.class)
                .hasMessage("put needed 2 replicas but 1 answered in time; no answer from [n3, n1]");
        QuorumNotReachedException q = (QuorumNotReachedException) e;
        assertThat(q.operation()).isEqualTo("put");
        assertThat(q.required()).isEqualTo(2);
        assertThat(q.answered()).isEqualTo(1);
        assertThat(q.missing()).isEqualTo(MISSING);
    }

    @Test
    void anyOther503KeepsTheNodesWords() {
        RuntimeException e = Answers.failure(503, "node n2 is starting: it learns its incarnation", List.of(), KEY);
        assertThat(e).isInstanceOf(QuorumNotReachedException.class)
                .hasMessage("node n2 is starting: it learns its incarnation");
        assertThat(((QuorumNotReachedException) e).required()).isEqualTo(-1);
        assertThat(Answers.failure(503, "", List.of(), KEY)).hasMessageContaining("503");
    }
}
