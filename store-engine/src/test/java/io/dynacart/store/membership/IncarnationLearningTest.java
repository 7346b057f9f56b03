package io.dynacart.store.membership;

import static io.dynacart.store.membership.TestViews.cluster;
import static io.dynacart.store.membership.TestViews.member;
import static io.dynacart.store.membership.TestViews.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.identity.Zone;
import io.dynacart.store.sim.SimScheduler;
import io.dynacart.store.transport.GossipMessage;
import io.dynacart.store.transport.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A node started on an empty data directory learns its incarnation from the first peer's view: the
 * decision as a table, and through a {@link Gossiper} whose peers the test plays.
 */
class IncarnationLearningTest {

    private final SimScheduler sim = new SimScheduler();
    private final List<Message> sent = new ArrayList<>();

    /** n1's entry of an earlier life: generation {@code generation}, incarnation {@code incarnation}. */
    private static Member earlierLife(long generation, int incarnation) {
        return member(1, generation, 7).reborn(incarnation, generation);
    }

    @Test
    void theDecisionTakesTheNextIncarnationAfterAnEarlierLifeAndTheFloorOtherwise() {
        record Row(int floor, Member seen, int expected, String why) {
        }
        List<Row> table = List.of(
                new Row(0, null, 0, "the peer knows no entry of this node: a new node"),
                new Row(2, null, 2, "nothing known: the configured incarnation"),
                new Row(0, earlierLife(500, 0), 1, "an earlier life under 0: take 1"),
                new Row(0, earlierLife(500, 3), 4, "an earlier life under 3: take 4"),
                new Row(9, earlierLife(500, 3), 9, "a configured incarnation above the earlier life's stands"),
                new Row(0, member(1, 0, 4), 0, "an entry of generation 0 is a life that was learning, which wrote nothing"));
        for (Row row : table) {
            assertThat(IncarnationLearning.decide(row.floor(), row.seen())).as(row.why()).isEqualTo(row.expected());
        }
    }

    @Test
    void itMovesOnlyFromLearningToSettled() {
        IncarnationLearning learning = IncarnationLearning.learning(0);
        assertThat(learning.isLearning()).isTrue();
        learning.settle(earlierLife(10, 1));
        assertThat(learning.state()).isEqualTo(IncarnationLearning.State.SETTLED);
        assertThat(learning.incarnation()).isEqualTo(2);
        assertThatThrownBy(() -> learning.settle(null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SETTLED to SETTLED");
        assertThatThrownBy(() -> IncarnationLearning.known(3).settleAlone()).isInstanceOf(IllegalStateException.class);
    }

    private Gossiper learner(MembershipView othersKnown, List<NodeId> seeds) {
        Member self = Member.starting(node(1), "10.0.0.1:7000", "10.0.0.1:8080", 1, Zone.DEFAULT, 0, 0);
        List<Member> members = new ArrayList<>(othersKnown.members().values());
        members.removeIf(m -> m.id().equals(node(1)));
        members.add(self);
        MembershipView initial = new MembershipView(members, othersKnown.ring(), null, othersKnown.n());
        Gossiper g = new Gossiper(initial, node(1), seeds, Gossiper.Config.DEFAULT,
                new Gossiper.Environment(sim, sim.clock(), new SplittableRandom(3), (to, m) -> sent.add(m)),
                IncarnationLearning.learning(0));
        g.start();
        return g;
    }

    @Test
    void aWipedNodeTakesTheIncarnationAfterTheOneItsPeerKnew() {
        sim.runFor(5_000);
        Gossiper g = learner(cluster(3), List.of(node(2), node(3)));
        assertThat(g.incarnation()).as("nothing heard yet").isEmpty();
        sim.runFor(3_000);
        assertThat(sent).as("it gossips while it learns").isNotEmpty();
        Member ownPushed = ViewCodec.decode(((GossipMessage) sent.get(0)).view()).members().get(node(1));
        assertThat(ownPushed.generation()).as("its entry of generation 0 hides no earlier life").isZero();
        MembershipView peerView = cluster(3).withMember(earlierLife(1_000, 1));
        assertThat(peerView.merge(ViewCodec.decode(((GossipMessage) sent.get(0)).view())).members().get(node(1)))
                .as("at the peer, the earlier life's entry beats the learner's").isEqualTo(earlierLife(1_000, 1));

        g.onMessage(node(2), new GossipMessage.Reply(ViewCodec.encode(peerView)));

        assertThat(g.incarnation()).hasValue(2);
        Member own = g.view().members().get(node(1));
        assertThat(own.incarnation()).isEqualTo(2);
        assertThat(own.generation()).as("past the earlier life's, so it wins everywhere").isGreaterThan(1_000);
        assertThat(peerView.merge(g.view()).members().get(node(1))).isEqualTo(own);
    }

    @Test
    void aNodeTheClusterNeverKnewKeepsItsConfiguredIncarnation() {
        Gossiper g = learner(cluster(3), List.of(node(2)));
        MembershipView peerView = new MembershipView(List.of(member(2, 1, 3), member(3, 1, 3)), TestViews.ring(3), null,
                TestViews.N);
        g.onMessage(node(2), new GossipMessage.Push(ViewCodec.encode(peerView)));
        assertThat(g.incarnation()).hasValue(0);
        assertThat(g.view().members().get(node(1)).generation()).isPositive();
    }

    @Test
    void aNodeWithNoPeerToAskSettlesAtOnce() {
        Gossiper g = learner(new MembershipView(List.of(member(1, 1, 0)), TestViews.ring(1), null, TestViews.N), List.of());
        assertThat(g.incarnation()).hasValue(0);
    }
}
