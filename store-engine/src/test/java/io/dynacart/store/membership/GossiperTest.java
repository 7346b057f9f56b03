package io.dynacart.store.membership;

import static io.dynacart.store.membership.TestViews.cluster;
import static io.dynacart.store.membership.TestViews.member;
import static io.dynacart.store.membership.TestViews.node;
import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.sim.SimScheduler;
import io.dynacart.store.transport.GossipMessage;
import io.dynacart.store.transport.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** One {@link Gossiper} in virtual time, its sends recorded, its peers played by the test. */
class GossiperTest {

    private record Sent(NodeId to, Message message) {
    }

    private final SimScheduler sim = new SimScheduler();
    private final List<Sent> sent = new ArrayList<>();
    private final List<MembershipView> heard = new ArrayList<>();

    private Gossiper gossiper(MembershipView initial, List<NodeId> seeds) {
        Gossiper.Environment env = new Gossiper.Environment(sim, sim.clock(), new SplittableRandom(7),
                (to, message) -> sent.add(new Sent(to, message)));
        Gossiper g = new Gossiper(initial, node(1), seeds, Gossiper.Config.DEFAULT, env);
        g.addListener(heard::add);
        g.start();
        return g;
    }

    private static MembershipView decoded(Message message) {
        return ViewCodec.decode(((GossipMessage) message).view());
    }

    @Test
    void eachRoundBumpsTheHeartbeatAndPushesToOneLivePeer() {
        Gossiper g = gossiper(cluster(5), List.of());
        sim.runFor(3000);
        assertThat(g.rounds()).isEqualTo(3);
        assertThat(sent).hasSize(3).allMatch(s -> s.message() instanceof GossipMessage.Push)
                .allMatch(s -> !s.to().equals(node(1)), "never to itself");
        assertThat(decoded(sent.get(2).message()).members().get(node(1)).version())
                .as("the third push carries the third heartbeat").isEqualTo(3);
        assertThat(heard).as("heartbeats alone tell no listener").isEmpty();
    }

    @Test
    void aNodeThatKnowsNoLivePeerPushesToASeed() {
        gossiper(MembershipView.bootstrap(member(1, 1, 0), TestViews.Q, TestViews.N), List.of(node(9), node(1)));
        sim.runFor(1000);
        assertThat(sent).extracting(Sent::to).containsExactly(node(9));
    }

    @Test
    void silentPeersAreSuspectedAndNoLongerGossipedTo() {
        Gossiper g = gossiper(cluster(3), List.of());
        sim.runFor(2000);
        assertThat(g.isLive(node(2))).isTrue();
        sim.runFor(10_000);
        assertThat(g.suspicion(node(2))).as("12 s of silence from a peer expected every second").isGreaterThan(8);
        sent.clear();
        sim.runFor(5000);
        assertThat(sent).as("no live peer, no seed: nothing to push to").isEmpty();
    }

    @Test
    void aPeersNewHeartbeatSeenThroughGossipClearsSuspicion() {
        Gossiper g = gossiper(cluster(3), List.of());
        sim.runFor(12_000);
        assertThat(g.isLive(node(3))).isFalse();
        MembershipView fromPeer2 = cluster(3).withMember(member(3, 1, 40));
        g.onMessage(node(2), new GossipMessage.Push(ViewCodec.encode(fromPeer2)));
        assertThat(g.isLive(node(3))).as("n3's heartbeat grew, as n2 reports").isTrue();
        assertThat(g.isLive(node(2))).as("n2 sent a view, but n2's own heartbeat did not grow").isFalse();
    }

    @Test
    void aPushIsAnsweredWithTheMergedViewUnlessNothingDiffers() {
        Gossiper g = gossiper(cluster(3), List.of());
        sim.runFor(1000);
        sent.clear();
        MembershipView peers = cluster(3).withMember(member(2, 1, 5));
        g.onMessage(node(2), new GossipMessage.Push(ViewCodec.encode(peers)));
        assertThat(sent).as("n1's heartbeat is news to n2").hasSize(1);
        assertThat(sent.get(0).to()).isEqualTo(node(2));
        assertThat(decoded(sent.get(0).message())).isEqualTo(g.view()).isEqualTo(peers.merge(g.view()));
        assertThat(g.view().members().get(node(2)).version()).isEqualTo(5);
        sent.clear();
        g.onMessage(node(2), new GossipMessage.Push(ViewCodec.encode(g.view())));
        assertThat(sent).as("the pusher already has this view").isEmpty();
        g.onMessage(node(2), new GossipMessage.Reply(ViewCodec.encode(cluster(3).withMember(member(3, 1, 2)))));
        assertThat(sent).as("a reply is never answered").isEmpty();
        assertThat(g.view().members().get(node(3)).version()).isEqualTo(2);
    }

    @Test
    void badBytesAndViewsOfAnotherClusterAreDropped() {
        Gossiper g = gossiper(cluster(3), List.of());
        MembershipView before = g.view();
        g.onMessage(node(2), new GossipMessage.Push(new byte[] {1, 2, 3}));
        g.onMessage(node(2), new GossipMessage.Push(ViewCodec.encode(
                new MembershipView(TestViews.members(3), TestViews.ring(3), null, 2))));
        assertThat(g.view()).isEqualTo(before);
        assertThat(sent).isEmpty();
    }

    @Test
    void proposalsChangeTheViewAndTellListeners() {
        Gossiper g = gossiper(cluster(5).withMember(member(6, 1, 0)), List.of());
        g.propose(view -> Proposals.join(view, node(6), 1));
        assertThat(g.view().status(node(6))).isEqualTo(MemberStatus.JOINING);
        assertThat(heard).hasSize(1).last().isEqualTo(g.view());
        MembershipView after = g.propose(view -> {
            MembershipView v = view;
            for (TransferKey key : view.requiredTransfers()) {
                v = v.markDone(key);
            }
            return v;
        });
        assertThat(after.status(node(6))).isEqualTo(MemberStatus.UP);
        assertThat(heard).hasSize(2);
    }

    @Test
    void anotherLifesLaterEntryForThisNodeIsOverwritten() {
        Gossiper g = gossiper(cluster(3), List.of());
        Member ghost = new Member(node(1), "10.6.6.6:7000", "10.6.6.6:8080", 1, 5, 3);
        g.onMessage(node(2), new GossipMessage.Push(ViewCodec.encode(cluster(3).withMember(ghost))));
        Member mine = g.view().members().get(node(1));
        assertThat(mine.peerAddress()).as("this node's own address").isEqualTo(member(1, 1, 0).peerAddress());
        assertThat(mine.isAheadOf(ghost)).as("written past the stale entry, so gossip carries ours").isTrue();
    }
}
