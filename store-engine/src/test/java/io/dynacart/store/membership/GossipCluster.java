package io.dynacart.store.membership;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.Claim;
import io.dynacart.store.ring.Ring;
import io.dynacart.store.sim.SimScheduler;
import io.dynacart.store.transport.FaultyNetwork;
import io.dynacart.store.transport.GossipMessage;
import io.dynacart.store.transport.InMemoryNetwork;
import io.dynacart.store.transport.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Gossipers in virtual time: one {@link SimScheduler}, an in-memory network with 1 to 20 ms of latency
 * under a {@link FaultyNetwork} (for partitions), every random choice drawn from one seed. Nodes are
 * n1..nK of a configured cluster (all know all members and the first ring) plus any added later with
 * only their own entry and the seeds.
 */
final class GossipCluster {

    static final long INTERVAL = Gossiper.Config.DEFAULT.intervalMillis();
    static final int Q = 64;
    static final int N = 3;

    final SimScheduler sim = new SimScheduler();
    final FaultyNetwork network;
    final Map<NodeId, Gossiper> gossipers = new TreeMap<>();
    private final SplittableRandom random;
    private final List<NodeId> seeds;

    GossipCluster(long seed, int size, int seedCount) {
        this.random = new SplittableRandom(seed);
        SplittableRandom latency = random.split();
        this.network = new FaultyNetwork(new InMemoryNetwork(sim, () -> 1 + latency.nextInt(20)), sim, random.split());
        Map<NodeId, Integer> weights = new TreeMap<>();
        List<Member> members = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            weights.put(id(i), 1);
            members.add(member(i));
        }
        this.seeds = new ArrayList<>(weights.keySet()).subList(0, seedCount);
        Ring ring = Claim.initial(weights, Q, N);
        for (int i = 1; i <= size; i++) {
            start(id(i), new MembershipView(members, ring, null, N));
        }
    }

    static NodeId id(int i) {
        return NodeId.of("n" + i);
    }

    static Member member(int i) {
        return new Member(id(i), "10.0." + i / 256 + "." + i % 256 + ":7000", "10.0." + i / 256 + "." + i % 256 + ":8080",
                1, 1, 0);
    }

    /** Starts a node that knows only its own entry and the seeds. */
    Gossiper addNode(int i) {
        return start(id(i), MembershipView.bootstrap(member(i), Q, N));
    }

    private Gossiper start(NodeId id, MembershipView initial) {
        SimScheduler.NodeScheduler scheduler = sim.forNode();
        Gossiper[] holder = new Gossiper[1];
        Network.Endpoint endpoint = network.attach(id, (from, message) -> holder[0].onMessage(from, (GossipMessage) message));
        Gossiper.Environment env = new Gossiper.Environment(scheduler, sim.clock(), random.split(), endpoint::send);
        holder[0] = new Gossiper(initial, id, seeds, Gossiper.Config.DEFAULT, env);
        gossipers.put(id, holder[0]);
        holder[0].start();
        return holder[0];
    }

    Gossiper at(int i) {
        return gossipers.get(id(i));
    }

    /**
     * Runs whole gossip intervals until every node's view satisfies {@code converged}, and returns how
     * many it took, or -1 after {@code maxRounds}.
     */
    int roundsUntil(Predicate<MembershipView> converged, int maxRounds) {
        for (int round = 1; round <= maxRounds; round++) {
            sim.runFor(INTERVAL);
            if (gossipers.values().stream().allMatch(g -> converged.test(g.view()))) {
                return round;
            }
        }
        return -1;
    }

    /** Whether every node's view agrees with every other's on everything but heartbeats. */
    boolean layoutsAgree() {
        MembershipView first = gossipers.values().iterator().next().view();
        return gossipers.values().stream().allMatch(g -> g.view().sameLayout(first));
    }
}
