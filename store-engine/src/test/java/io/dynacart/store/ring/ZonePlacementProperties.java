package io.dynacart.store.ring;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.identity.Zone;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * The laws of zone-aware placement over random clusters: S from 1 to 30 nodes with weights 1 to 3,
 * each in one of Z zones (Z from 1 to 5, assigned at random), Q in {16, 64, 256}, n from 1 to 5.
 * jqwik prints each property's seed; replay one with {@code @Property(seed = "...")}.
 *
 * <ul>
 *   <li>every prefix of a partition's preference order takes from the zones used least so far
 *       (among those with nodes left), so its first n nodes, the primaries, are in min(n, Z)
 *       zones;</li>
 *   <li>the sloppy quorum's targets for any set of reachable nodes are distinct, reachable, as many
 *       as before zones, and in as many zones as the reachable nodes of the list allow;</li>
 *   <li>with every node in one zone, whatever its name, preference lists and targets are exactly
 *       what they were before zones (a reference copy of that code is below);</li>
 *   <li>the rings a join (in an old or a new zone) or a leave makes keep the first law.</li>
 * </ul>
 */
class ZonePlacementProperties {

    /** Nodes n1..nS with weights and zones. */
    record Cluster(Map<NodeId, Integer> weights, Map<NodeId, Zone> zones, int partitionCount, int n) {

        Ring initial() {
            return Claim.initial(weights, zones, partitionCount, n);
        }

        int zoneCount() {
            return new HashSet<>(zones.values()).size();
        }
    }

    @Provide
    Arbitrary<Cluster> clusters() {
        Arbitrary<Integer> sizes = Arbitraries.integers().between(1, 30);
        Arbitrary<Integer> partitionCounts = Arbitraries.of(16, 64, 256);
        Arbitrary<Integer> replicaCounts = Arbitraries.integers().between(1, 5);
        Arbitrary<Integer> zoneCounts = Arbitraries.integers().between(1, 5);
        return Combinators.combine(sizes, partitionCounts, replicaCounts, zoneCounts)
                .flatAs((size, q, n, z) -> Combinators.combine(
                                Arbitraries.integers().between(1, 3).list().ofSize(size),
                                Arbitraries.integers().between(0, z - 1).list().ofSize(size))
                        .as((weights, zones) -> cluster(weights, zones, Math.max(q, 16), n)));
    }

    @Property(tries = 300)
    void everyPrefixOfAPreferenceOrderTakesFromTheZonesUsedLeast(@ForAll("clusters") Cluster cluster) {
        Ring ring = cluster.initial();
        Statistics.label("zones").collect(cluster.zoneCount());
        for (int p = 0; p < ring.partitionCount(); p++) {
            PreferenceList list = ring.preferenceList(PartitionId.of(p), cluster.n());
            List<NodeId> order = new ArrayList<>(list.primaries());
            order.addAll(list.fallbacks());
            assertThat(order.get(0)).as("the owner of partition %d comes first", p).isEqualTo(ring.ownerOf(PartitionId.of(p)));
            assertThat(new HashSet<>(order)).as("the order holds every node once").hasSize(ring.nodes().size())
                    .containsExactlyInAnyOrderElementsOf(ring.nodes());
            assertTakesFromLeastUsedZones(ring, order);
            long zonesOfPrimaries = list.primaries().stream().map(ring::zoneOf).distinct().count();
            assertThat(zonesOfPrimaries).as("partition %d's %d primaries span min(n, zones) zones", p, cluster.n())
                    .isEqualTo(Math.min(list.primaries().size(), ring.zoneCount()));
        }
    }

    @Property(tries = 300)
    void targetsSpreadOverTheReachableZones(@ForAll("clusters") Cluster cluster, @ForAll long downMask) {
        Ring ring = cluster.initial();
        Predicate<NodeId> reachable = node -> (downMask >>> (ring.nodes().indexOf(node) % 64) & 1) == 0;
        for (int p = 0; p < ring.partitionCount(); p++) {
            PreferenceList list = ring.preferenceList(PartitionId.of(p), cluster.n());
            List<Replica> targets = list.targets(reachable);
            Set<NodeId> reachableInList = new LinkedHashSet<>(list.primaries());
            reachableInList.addAll(list.fallbacks());
            reachableInList.removeIf(reachable.negate());
            long reachableZones = reachableInList.stream().map(ring::zoneOf).distinct().count();

            assertThat(targets.stream().map(Replica::node)).as("distinct nodes").doesNotHaveDuplicates()
                    .allMatch(reachable);
            assertThat(targets).as("a replica per primary while reachable nodes last")
                    .hasSize(Math.min(list.primaries().size(), reachableInList.size()));
            assertThat(targets.stream().map(t -> ring.zoneOf(t.node())).distinct().count())
                    .as("partition %d's targets span as many zones as the reachable nodes allow", p)
                    .isEqualTo(Math.min(targets.size(), reachableZones));
        }
    }

    @Property(tries = 200)
    void inOneZoneListsAndTargetsAreExactlyWhatTheyWereBeforeZones(@ForAll("clusters") Cluster cluster,
                                                                  @ForAll long downMask,
                                                                  @ForAll("zoneNames") String zoneName) {
        Map<NodeId, Zone> oneZone = Ring.allIn(Zone.of(zoneName), cluster.weights());
        Ring ring = Claim.initial(cluster.weights(), oneZone, cluster.partitionCount(), cluster.n());
        Ring withoutZones = Claim.initial(cluster.weights(), cluster.partitionCount(), cluster.n());
        assertThat(ring.owners()).as("claim ignores zones").isEqualTo(withoutZones.owners());
        Predicate<NodeId> reachable = node -> (downMask >>> (ring.nodes().indexOf(node) % 64) & 1) == 0;
        for (int k = 0; k < 500; k++) {
            byte[] key = ("key-" + k).getBytes();
            PreferenceList list = ring.preferenceList(key, cluster.n());
            PartitionId partition = list.partition();
            List<NodeId> walk = referenceWalk(ring.owners(), partition.index());
            int primaries = Math.min(cluster.n(), walk.size());

            assertThat(list.primaries()).as("the first n distinct nodes clockwise").isEqualTo(walk.subList(0, primaries));
            assertThat(list.fallbacks()).as("then every other node clockwise").isEqualTo(walk.subList(primaries, walk.size()));
            assertThat(list.targets(reachable)).as("the sloppy quorum's targets as before zones")
                    .isEqualTo(referenceTargets(walk, primaries, reachable))
                    .isEqualTo(withoutZones.preferenceList(key, cluster.n()).targets(reachable));
        }
    }

    @Property(tries = 100)
    void aJoinOrLeaveInAZoneKeepsEveryKeySpreadOverTheZones(@ForAll("clusters") Cluster cluster,
                                                           @ForAll @IntRange(min = 0, max = 5) int zone,
                                                           @ForAll boolean leave) {
        Ring before = cluster.initial();
        Ring after = leave && before.nodes().size() > 1
                ? Claim.leave(before, before.nodes().get(zone % before.nodes().size()), cluster.n())
                : Claim.join(before, NodeId.of("joiner"), 1, Zone.of("z" + zone), cluster.n());
        Statistics.label("change").collect(after.nodes().size() < before.nodes().size() ? "leave" : "join");
        for (int p = 0; p < after.partitionCount(); p++) {
            PreferenceList list = after.preferenceList(PartitionId.of(p), cluster.n());
            List<NodeId> order = new ArrayList<>(list.primaries());
            order.addAll(list.fallbacks());
            assertTakesFromLeastUsedZones(after, order);
        }
    }

    @Provide
    Arbitrary<String> zoneNames() {
        return Arbitraries.of("default", "a", "eu-west-1", "rack.7");
    }

    /** Each next node of {@code order} is in a zone used least so far among the zones that still have nodes. */
    private static void assertTakesFromLeastUsedZones(Ring ring, List<NodeId> order) {
        Map<Zone, Integer> left = new HashMap<>();
        order.forEach(node -> left.merge(ring.zoneOf(node), 1, Integer::sum));
        Map<Zone, Integer> used = new HashMap<>();
        for (NodeId node : order) {
            Zone zone = ring.zoneOf(node);
            int least = left.entrySet().stream().filter(e -> e.getValue() > 0)
                    .mapToInt(e -> used.getOrDefault(e.getKey(), 0)).min().orElseThrow();
            assertThat(used.getOrDefault(zone, 0)).as("%s of zone %s is taken while a zone is used less, in %s", node,
                    zone, order).isEqualTo(least);
            used.merge(zone, 1, Integer::sum);
            left.merge(zone, -1, Integer::sum);
        }
    }

    /** Before zones: every distinct node clockwise from partition {@code p}'s owner, in the order first met. */
    static List<NodeId> referenceWalk(List<NodeId> owners, int p) {
        Set<NodeId> walk = new LinkedHashSet<>();
        for (int i = 0; i < owners.size(); i++) {
            walk.add(owners.get((p + i) % owners.size()));
        }
        return new ArrayList<>(walk);
    }

    /** Before zones, verbatim: for each primary, itself when reachable, else the next unused reachable fallback. */
    static List<Replica> referenceTargets(List<NodeId> walk, int primaryCount, Predicate<NodeId> reachable) {
        List<Replica> targets = new ArrayList<>(primaryCount);
        int nextFallback = primaryCount;
        for (int i = 0; i < primaryCount; i++) {
            NodeId primary = walk.get(i);
            if (reachable.test(primary)) {
                targets.add(new Replica.Primary(primary));
                continue;
            }
            while (nextFallback < walk.size() && !reachable.test(walk.get(nextFallback))) {
                nextFallback++;
            }
            if (nextFallback < walk.size()) {
                targets.add(new Replica.Fallback(walk.get(nextFallback), primary));
                nextFallback++;
            }
        }
        return targets;
    }

    private static Cluster cluster(List<Integer> weights, List<Integer> zones, int q, int n) {
        Map<NodeId, Integer> named = new TreeMap<>();
        Map<NodeId, Zone> zoneOf = new TreeMap<>();
        for (int i = 0; i < weights.size(); i++) {
            NodeId node = NodeId.of("n" + (i + 1));
            named.put(node, weights.get(i));
            zoneOf.put(node, Zone.of("z" + zones.get(i)));
        }
        return new Cluster(named, zoneOf, Math.max(q, Integer.highestOneBit(Math.max(1, weights.size())) * 2), n);
    }
}
