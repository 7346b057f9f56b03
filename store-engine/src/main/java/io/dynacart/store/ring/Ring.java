package io.dynacart.store.ring;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.identity.Zone;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * One immutable, versioned snapshot of who owns which partition: {@code owners.get(p)} owns partition
 * {@code p}, and every owner has a weight (its relative capacity) that sets its fair share of
 * partitions, {@code Q * weight / totalWeight}, and a {@link Zone}. Gossip compares rings by {@link
 * #version()}; {@link Claim} makes each next ring.
 *
 * <p>What must hold: the version is at least 0; there are Q owners with Q a power of two from 1 to
 * {@value Partitioner#MAX_PARTITION_COUNT}; {@code weights} names exactly the nodes that own at least one
 * partition, each with weight at least 1; {@code zones} names exactly those nodes too.
 *
 * <p>The constructor precomputes, for every partition, the walk of all distinct nodes clockwise from
 * it (in the order first met), so that a {@link PreferenceList} lookup is an array index plus one
 * small object. Consecutive walks differ by moving one node to the front, so this takes O(Q*S) time
 * and, where consecutive partitions have different owners, Q*S references of memory: 256 KB at
 * Q=1024, S=64; 64 MB at the extreme Q=65536, S=256.
 *
 * <p>With nodes in more than one zone, each walk is reordered so that zones take turns ({@link
 * Walks#zoneOrder}): first the first node met of each zone, then the second of each, and so on, each
 * round in walk order. A key's first n nodes are then in as many distinct zones as there are (n or
 * fewer), and its fallbacks go on through the zones least used. In one zone the order is the walk
 * itself, so a ring without zones places every key as it always did.
 */
public final class Ring {

    private final long version;
    private final List<NodeId> owners;
    private final Map<NodeId, Integer> weights;
    private final Map<NodeId, Zone> zones;
    private final int zoneCount;
    private final List<NodeId> nodes;
    private final Partitioner partitioner;
    private final PartitionId[] partitionIds;
    /** For each partition, its nodes in preference order: the walk, in zone order when there are zones. */
    private final List<List<NodeId>> orders;
    private final int[] ownerIndex;
    private final long totalWeight;

    /** A ring whose nodes are all in the {@link Zone#DEFAULT} zone. */
    public Ring(long version, List<NodeId> owners, Map<NodeId, Integer> weights) {
        this(version, owners, weights, allIn(Zone.DEFAULT, weights));
    }

    public Ring(long version, List<NodeId> owners, Map<NodeId, Integer> weights, Map<NodeId, Zone> zones) {
        if (version < 0) {
            throw new IllegalArgumentException("ring version must be >= 0, was " + version);
        }
        this.version = version;
        this.owners = List.copyOf(owners);
        this.partitioner = new Partitioner(this.owners.size());
        this.weights = Collections.unmodifiableMap(new TreeMap<>(weights));
        this.zones = Collections.unmodifiableMap(new TreeMap<>(zones));
        this.nodes = List.copyOf(this.weights.keySet());
        checkWeightsNameExactlyTheOwners(this.owners, this.weights);
        checkZonesNameExactlyTheNodes(this.weights, this.zones);
        this.zoneCount = (int) this.zones.values().stream().distinct().count();
        this.totalWeight = this.weights.values().stream().mapToLong(Integer::longValue).sum();
        this.partitionIds = new PartitionId[this.owners.size()];
        Arrays.setAll(partitionIds, PartitionId::new);
        List<List<NodeId>> walks = Walks.fromEveryPartition(this.owners);
        this.orders = zoneCount == 1 ? walks : Walks.inZoneOrder(walks, this.zones);
        this.ownerIndex = this.owners.stream().mapToInt(owner -> Collections.binarySearch(nodes, owner)).toArray();
    }

    /** Every node of {@code weights} in {@code zone}. */
    public static Map<NodeId, Zone> allIn(Zone zone, Map<NodeId, Integer> weights) {
        Map<NodeId, Zone> zones = new TreeMap<>();
        weights.keySet().forEach(node -> zones.put(node, zone));
        return zones;
    }

    private Ring(Ring same, long version) {
        if (version < 0) {
            throw new IllegalArgumentException("ring version must be >= 0, was " + version);
        }
        this.version = version;
        this.owners = same.owners;
        this.weights = same.weights;
        this.zones = same.zones;
        this.zoneCount = same.zoneCount;
        this.nodes = same.nodes;
        this.partitioner = same.partitioner;
        this.partitionIds = same.partitionIds;
        this.orders = same.orders;
        this.ownerIndex = same.ownerIndex;
        this.totalWeight = same.totalWeight;
    }

    /** Higher is newer; two rings with one version from different claims are a bug upstream. */
    public long version() {
        return version;
    }

    /** The owner of each partition, indexed by partition. */
    public List<NodeId> owners() {
        return owners;
    }

    /** Each node's weight, sorted by node. */
    public Map<NodeId, Integer> weights() {
        return weights;
    }

    /** Each node's zone, sorted by node. */
    public Map<NodeId, Zone> zones() {
        return zones;
    }

    /**
     * The zone of {@code node}.
     *
     * @throws IllegalArgumentException if the node is not in the ring
     */
    public Zone zoneOf(NodeId node) {
        Zone zone = zones.get(node);
        if (zone == null) {
            throw new IllegalArgumentException("node " + node + " is not in the ring");
        }
        return zone;
    }

    /** How many distinct zones the ring's nodes are in (at least 1). */
    public int zoneCount() {
        return zoneCount;
    }

    /** This ring with another version and the same ownership. */
    public Ring withVersion(long newVersion) {
        return new Ring(this, newVersion);
    }

    public int partitionCount() {
        return owners.size();
    }

    /** The partitioner that maps keys to this ring's partitions. */
    public Partitioner partitioner() {
        return partitioner;
    }

    /** Every node of the ring, sorted. */
    public List<NodeId> nodes() {
        return nodes;
    }

    public NodeId ownerOf(PartitionId partition) {
        return owners.get(checkedIndex(partition));
    }

    /** The partitions {@code node} owns, ascending; empty for a node not in the ring. */
    public List<PartitionId> partitionsOwnedBy(NodeId node) {
        List<PartitionId> owned = new ArrayList<>();
        for (int p = 0; p < owners.size(); p++) {
            if (owners.get(p).equals(node)) {
                owned.add(partitionIds[p]);
            }
        }
        return Collections.unmodifiableList(owned);
    }

    /** How many partitions each node owns, sorted by node. */
    public Map<NodeId, Integer> partitionCounts() {
        Map<NodeId, Integer> counts = new TreeMap<>();
        for (NodeId owner : owners) {
            counts.merge(owner, 1, Integer::sum);
        }
        return Collections.unmodifiableMap(counts);
    }

    /**
     * The number of partitions {@code node} should own in proportion to its weight, {@code Q * weight /
     * totalWeight}; {@link Claim} keeps every node's count within one of it.
     */
    public double shareOf(NodeId node) {
        Integer weight = weights.get(node);
        if (weight == null) {
            throw new IllegalArgumentException("node " + node + " is not in the ring");
        }
        return (double) owners.size() * weight / totalWeight;
    }

    public PreferenceList preferenceList(byte[] key, int n) {
        return preferenceList(KeyHash.of(key), n);
    }

    public PreferenceList preferenceList(KeyHash hash, int n) {
        return preferenceListAt(Partitioner.indexOf(hash.high(), owners.size()), n);
    }

    public PreferenceList preferenceList(PartitionId partition, int n) {
        return preferenceListAt(checkedIndex(partition), n);
    }

    /**
     * How many partitions p start a window p, p+1, ..., p+n-1 (mod Q) that does not hold n distinct
     * owners. With a violation, the preference list of p's keys reaches past its first n partitions
     * for its n distinct nodes, so its replicas are less evenly spread; it is never wrong. Only
     * meaningful when the ring has at least n nodes: otherwise every window violates.
     */
    public int spacingViolations(int n) {
        checkReplicaCount(n);
        return Placement.spacingViolations(ownerIndex, nodes.size(), n);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Ring that
                && version == that.version
                && owners.equals(that.owners)
                && weights.equals(that.weights)
                && zones.equals(that.zones);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, owners, weights, zones);
    }

    @Override
    public String toString() {
        return "Ring{version=" + version + ", partitions=" + owners.size() + ", counts=" + partitionCounts()
                + ", weights=" + weights + (zoneCount == 1 ? "" : ", zones=" + zones) + "}";
    }

    private PreferenceList preferenceListAt(int partition, int n) {
        checkReplicaCount(n);
        return new PreferenceList(partitionIds[partition], orders.get(partition), n, zones);
    }

    private int checkedIndex(PartitionId partition) {
        Objects.requireNonNull(partition, "partition");
        if (partition.index() >= owners.size()) {
            throw new IllegalArgumentException(
                    "partition " + partition.index() + " does not exist in a ring of " + owners.size() + " partitions");
        }
        return partition.index();
    }

    private static void checkReplicaCount(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("replica count n must be >= 1, was " + n);
        }
    }

    private static void checkWeightsNameExactlyTheOwners(List<NodeId> owners, Map<NodeId, Integer> weights) {
        Set<NodeId> ownerSet = new LinkedHashSet<>(owners);
        for (Map.Entry<NodeId, Integer> entry : weights.entrySet()) {
            if (entry.getValue() == null || entry.getValue() < 1) {
                throw new IllegalArgumentException(
                        "weight of " + entry.getKey() + " must be >= 1, was " + entry.getValue());
            }
            if (!ownerSet.contains(entry.getKey())) {
                throw new IllegalArgumentException("node " + entry.getKey() + " has a weight but owns no partition");
            }
        }
        for (NodeId owner : ownerSet) {
            if (!weights.containsKey(owner)) {
                throw new IllegalArgumentException("owner " + owner + " has no weight");
            }
        }
    }

    private static void checkZonesNameExactlyTheNodes(Map<NodeId, Integer> weights, Map<NodeId, Zone> zones) {
        for (Map.Entry<NodeId, Zone> entry : zones.entrySet()) {
            Objects.requireNonNull(entry.getValue(), () -> "zone of " + entry.getKey());
            if (!weights.containsKey(entry.getKey())) {
                throw new IllegalArgumentException("node " + entry.getKey() + " has a zone but is not in the ring");
            }
        }
        for (NodeId node : weights.keySet()) {
            if (!zones.containsKey(node)) {
                throw new IllegalArgumentException("node " + node + " has no zone");
            }
        }
    }
}
