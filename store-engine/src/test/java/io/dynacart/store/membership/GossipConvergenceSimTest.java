package io.dynacart.store.membership;

import static io.dynacart.store.membership.GossipCluster.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.identity.NodeId;
import io.dynacart.testing.Seed;
import io.dynacart.testing.Simulated;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How fast gossip spreads a change, measured in virtual time: rounds are gossip intervals of one
 * second, in which every node pushes to one random live peer. Epidemic push-pull reaches all N nodes
 * in about log2(N) + ln(N) rounds; the bound asserted, 3 log2(N) + 5, leaves room for unlucky seeds.
 * Each case runs seeds 1 to K ({@code -Dgossip.seeds=K}, default 10; {@code -Dgossip.seed=S} runs seed S
 * alone) and prints the rounds for docs/BENCHMARKS.md; a failure names the flags that replay it.
 */
@Simulated
class GossipConvergenceSimTest {

    private static final long FIRST_SEED = Seed.given("gossip").orElse(1);
    private static final int SEEDS = Seed.given("gossip").isPresent() ? 1 : Seed.count("gossip", 10);

    private static Seed seed(long value) {
        return new Seed("gossip", value, GossipConvergenceSimTest.class);
    }

    private static int bound(int n) {
        return (int) Math.ceil(3 * Math.log(n) / Math.log(2)) + 5;
    }

    @ParameterizedTest(name = "{0} nodes")
    @ValueSource(ints = {5, 20, 50})
    void aChangedEntryReachesEveryNodeInLogarithmicRounds(int size) {
        int worst = 0;
        long total = 0;
        for (long seed = FIRST_SEED; seed < FIRST_SEED + SEEDS; seed++) {
            GossipCluster cluster = new GossipCluster(seed, size, 2);
            cluster.sim.runFor(5 * GossipCluster.INTERVAL);
            Member restarted = new Member(id(size), "10.9.9.9:7000", "10.9.9.9:8080", 1, 2, 0);
            cluster.at(size).propose(view -> view.withMember(restarted));
            int rounds = cluster.roundsUntil(view -> view.members().get(id(size)).generation() == 2, 100);
            System.out.printf("gossip: entry change, %d nodes, seed %d: %d rounds%n", size, seed, rounds);
            assertThat(rounds).as("%s: every node sees the change within %d rounds", seed(seed), bound(size))
                    .isBetween(1, bound(size));
            worst = Math.max(worst, rounds);
            total += rounds;
        }
        System.out.printf("gossip: entry change, %d nodes: mean %.1f, worst %d rounds over %d seeds%n",
                size, (double) total / SEEDS, worst, SEEDS);
    }

    @ParameterizedTest(name = "{0} nodes")
    @ValueSource(ints = {5, 20, 50})
    void aProposedJoinReachesEveryNodeInLogarithmicRounds(int size) {
        int worst = 0;
        for (long seed = FIRST_SEED; seed < FIRST_SEED + SEEDS; seed++) {
            GossipCluster cluster = new GossipCluster(seed, size, 2);
            cluster.addNode(size + 1);
            int learned = cluster.roundsUntil(view -> view.members().containsKey(id(size + 1)), 100);
            assertThat(learned).as("%s: the new node's entry spreads", seed(seed)).isPositive();
            cluster.at(1).propose(view -> Proposals.join(view, id(size + 1), 1));
            int rounds = cluster.roundsUntil(view -> view.status(id(size + 1)) == MemberStatus.JOINING, 100);
            System.out.printf("gossip: join proposal, %d nodes, seed %d: %d rounds%n", size, seed, rounds);
            assertThat(rounds).as("%s: every node sees the transition within %d rounds", seed(seed), bound(size + 1))
                    .isBetween(1, bound(size + 1));
            worst = Math.max(worst, rounds);
        }
        System.out.printf("gossip: join proposal, %d nodes: worst %d rounds over %d seeds%n", size, worst, SEEDS);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void viewsConvergeAfterAPartitionHeals(long seed) {
        GossipCluster cluster = new GossipCluster(seed, 20, 2);
        Set<NodeId> left = new HashSet<>();
        Set<NodeId> right = new HashSet<>();
        IntStream.rangeClosed(1, 20).forEach(i -> (i % 2 == 0 ? left : right).add(id(i)));
        cluster.network.partition(List.of(left, right));
        cluster.sim.runFor(3 * GossipCluster.INTERVAL);
        cluster.at(2).propose(view -> view.withMember(new Member(id(2), "10.8.8.8:7000", "10.8.8.8:8080", 1, 2, 0)));
        cluster.at(3).propose(view -> view.withMember(new Member(id(3), "10.7.7.7:7000", "10.7.7.7:8080", 1, 2, 0)));
        cluster.sim.runFor(30 * GossipCluster.INTERVAL);
        assertThat(cluster.layoutsAgree()).as("seed %d: the halves cannot agree while partitioned", seed).isFalse();
        cluster.network.heal();
        int rounds = cluster.roundsUntil(view -> view.members().get(id(2)).generation() == 2
                && view.members().get(id(3)).generation() == 2, 60);
        System.out.printf("gossip: partition of 20 healed, seed %d: %d rounds to converge%n", seed, rounds);
        assertThat(rounds).as("seed %d: both halves' changes reach every node after the heal", seed).isPositive();
        assertThat(cluster.layoutsAgree()).as("seed %d: every view agrees but for heartbeats", seed).isTrue();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void aNodeThatKnowsOnlyASeedLearnsTheWholeCluster(long seed) {
        GossipCluster cluster = new GossipCluster(seed, 20, 1);
        Gossiper fresh = cluster.addNode(21);
        int rounds = cluster.roundsUntil(view -> view.members().size() == 21, 30);
        System.out.printf("gossip: a node knowing only the seed, seed %d: %d rounds until all know all%n", seed, rounds);
        assertThat(rounds).as("seed %d", seed).isPositive();
        assertThat(fresh.view().ring()).as("the fresh node adopted the cluster's ring")
                .isEqualTo(cluster.at(1).view().ring());
        assertThat(fresh.view().status(id(21))).as("known, not joined").isEqualTo(MemberStatus.LEFT);
    }
}
