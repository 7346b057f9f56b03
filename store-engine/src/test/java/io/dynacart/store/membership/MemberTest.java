package io.dynacart.store.membership;

import static io.dynacart.store.membership.TestViews.member;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.identity.NodeId;
import org.junit.jupiter.api.Test;

class MemberTest {

    @Test
    void theHigherGenerationWinsWhateverItsVersion() {
        Member restarted = member(1, 2, 0);
        Member oldLife = member(1, 1, 900);
        assertThat(Member.newer(restarted, oldLife)).as("a new incarnation beats the old one's counters").isEqualTo(restarted);
        assertThat(Member.newer(oldLife, restarted)).isEqualTo(restarted);
        assertThat(restarted.isAheadOf(oldLife)).isTrue();
        assertThat(oldLife.isAheadOf(restarted)).isFalse();
    }

    @Test
    void withinAGenerationTheHigherVersionWins() {
        assertThat(Member.newer(member(1, 1, 4), member(1, 1, 5))).isEqualTo(member(1, 1, 5));
        assertThat(member(1, 1, 4).heartbeat()).isEqualTo(member(1, 1, 5));
    }

    @Test
    void twoEntriesWithOneHeartbeatAreOrderedByContentAlike() {
        Member a = new Member(NodeId.of("n1"), "a:1", "a:2", 1, 1, 1);
        Member b = new Member(NodeId.of("n1"), "b:1", "a:2", 1, 1, 1);
        assertThat(Member.newer(a, b)).as("a tie-break that does not depend on argument order").isEqualTo(Member.newer(b, a));
    }

    @Test
    void entriesOfDifferentNodesDoNotMerge() {
        assertThatThrownBy(() -> Member.newer(member(1, 1, 1), member(2, 1, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different nodes");
    }

    @Test
    void addressesMustBeHostAndPort() {
        assertThat(Member.problemWithAddress("localhost:7000")).isNull();
        assertThat(Member.problemWithAddress("[::1]:7000")).isNull();
        assertThat(Member.problemWithAddress("localhost")).contains("host:port");
        assertThat(Member.problemWithAddress(":7000")).contains("host:port");
        assertThat(Member.problemWithAddress("h:70000")).contains("host:port");
        assertThat(Member.problemWithAddress("h:0")).contains("host:port");
        assertThat(Member.problemWithAddress("h o:1")).contains("not printable ASCII at position 1");
        assertThat(Member.problemWithAddress("")).contains("0 characters long");
        assertThatThrownBy(() -> new Member(NodeId.of("n1"), "x", "h:1", 1, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("peer address 'x'");
        assertThatThrownBy(() -> new Member(NodeId.of("n1"), "h:1", "h:1", 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weight");
    }
}
