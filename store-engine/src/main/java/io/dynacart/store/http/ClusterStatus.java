package io.dynacart.store.http;

import com.fasterxml.jackson.annotation.JsonValue;
import io.dynacart.store.identity.Names;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.identity.Zone;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One node's view of its cluster, as {@code GET /cluster} shows it. The node runtime fills it from
 * the ring, the failure detector, the hint store and the coordinator; this package only serialises
 * it. It is a snapshot: built on an HTTP thread by the status supplier, so the supplier must copy
 * what it reads from the event loop rather than hand out live state.
 *
 * <pre>
 * {"node":"n1","ringVersion":1,"partitionCount":64,
 *  "nodes":[{"id":"n1","httpAddress":"127.0.0.1:7101","tcpAddress":"127.0.0.1:7201",
 *            "clientAddress":"127.0.0.1:7301","status":"reachable","partitionsOwned":22,
 *            "membership":"up","suspicion":0.0,"zone":"default","incarnation":0}, ...],
 *  "hintsPending":{"n3":2},"requestsInFlight":0,"owners":[...],
 *  "transfers":{"targetRingVersion":0,...},"antiEntropy":{"sessionsCompleted":12,...},
 *  "load":{"bytesInFlight":0,"bytesInFlightLimit":268435456,"refusals":0},"weights":{"n1":1,...},
 *  "reclaim":{"partitionsDropped":16,"keysDropped":5120,"bytesDropped":741376,"dropsHalted":0,"dropsFailed":0,
 *             "fileBytesReturned":737280,"databaseBytes":2297856,"walBytes":4128272,"freeBytes":0,
 *             "returnsFreeSpace":true,"pendingPartitions":1,"pendingKeys":310,"pendingBytes":44950,
 *             "pending":[{"partition":17,"keys":310,"bytes":44950,"waitingFor":"dropping"}]}}
 * </pre>
 * {@link ClusterStatusReader} reads the document back into this record.
 *
 * @param node             the id of the node answering
 * @param ringVersion      version of the ring this node routes with (1 for the first ring)
 * @param partitionCount   partitions of the ring (Q)
 * @param nodes            every node this node knows, its own entry included, ids unique
 * @param hintsPending     per intended node, the hints held here for it; nodes with none may be left out
 * @param requestsInFlight client requests this node is coordinating or forwarding now
 * @param owners           the ring: the owner of each partition, by partition index (empty when not
 *                         known); a routing client learns the ring from it
 * @param transfers        the join or leave under way, if any
 * @param antiEntropy      this node's anti-entropy so far
 * @param load             this node's bytes in flight against its budget
 * @param weights          the ring's weight of each of its nodes (its share of the partitions at a
 *                         claim), by node; empty when not known (a node of an older release)
 * @param reclaim          the partitions this node dropped since it started, the space given back,
 *                         and what it still holds of partitions it no longer replicates
 */
public record ClusterStatus(String node, long ringVersion, int partitionCount, List<NodeView> nodes,
                            SortedMap<String, Long> hintsPending, int requestsInFlight, List<String> owners,
                            Transfers transfers, AntiEntropy antiEntropy, Load load, SortedMap<String, Integer> weights,
                            Reclaim reclaim) {

    /** A status that tells nothing of reclaimed space (a node of an older release). */
    public ClusterStatus(String node, long ringVersion, int partitionCount, List<NodeView> nodes,
                         SortedMap<String, Long> hintsPending, int requestsInFlight, List<String> owners,
                         Transfers transfers, AntiEntropy antiEntropy, Load load, SortedMap<String, Integer> weights) {
        this(node, ringVersion, partitionCount, nodes, hintsPending, requestsInFlight, owners, transfers, antiEntropy,
                load, weights, Reclaim.NONE);
    }

    /** A status that does not tell the ring. */
    public ClusterStatus(String node, long ringVersion, int partitionCount, List<NodeView> nodes,
                         SortedMap<String, Long> hintsPending, int requestsInFlight) {
        this(node, ringVersion, partitionCount, nodes, hintsPending, requestsInFlight, List.of());
    }

    /** A status with no transfer under way and no anti-entropy figures. */
    public ClusterStatus(String node, long ringVersion, int partitionCount, List<NodeView> nodes,
                         SortedMap<String, Long> hintsPending, int requestsInFlight, List<String> owners) {
        this(node, ringVersion, partitionCount, nodes, hintsPending, requestsInFlight, owners, Transfers.NONE,
                AntiEntropy.NONE, Load.NONE, new TreeMap<>());
    }

    /**
     * A join or leave in progress, as this node sees it.
     *
     * @param targetRingVersion the ring being moved to, or 0 when none
     * @param remaining         (receiver, partition) copies the whole cluster still waits for
     * @param pending           partitions this node must still pull and has not started
     * @param inFlight          partitions it is pulling now
     * @param done              partitions it has pulled
     * @param failed            pulls that failed and will be retried
     * @param bytesMoved        bytes it has pulled
     * @param keysMoved         keys it has pulled
     * @param secondsLeft       its estimate of the time its pulls still need, or -1 when unknown
     */
    public record Transfers(long targetRingVersion, int remaining, int pending, int inFlight, int done, int failed,
                            long bytesMoved, long keysMoved, long secondsLeft) {
        public static final Transfers NONE = new Transfers(0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** Merkle-tree exchanges this node started, what they repaired, and the deletes it has collected. */
    public record AntiEntropy(long sessionsCompleted, long sessionsAborted, long keysSent, long keysReceived,
                              long bytesSent, long tombstonesCollected) {
        public static final AntiEntropy NONE = new AntiEntropy(0, 0, 0, 0, 0, 0);
    }

    /**
     * The space of partitions this node no longer replicates: what it dropped and gave back since it
     * started, its data files now, and what it still holds of such partitions, with why.
     *
     * @param partitionsDropped drops completed since start (a partition dropped again, for keys written
     *                          to it after its drop, counts again)
     * @param keysDropped       keys forgotten by the drops since start
     * @param bytesDropped      their stored bytes (keys plus encoded versions)
     * @param dropsHalted       drops stopped part way since start because a ring change began
     * @param dropsFailed       drops the storage failed since start (tried again later)
     * @param fileBytesReturned bytes given back to the file system since start (the database file shrank
     *                          by them)
     * @param databaseBytes     the database's size now: its pages, which is the file's size once its
     *                          write-ahead log is checkpointed into it (0 for storage in memory)
     * @param walBytes          the size of its write-ahead log now (reused, not shrunk)
     * @param freeBytes         free pages in the database file now: later writes reuse them, and, when
     *                          {@code returnsFreeSpace}, the node gives them back after a drop
     * @param returnsFreeSpace  whether the database file can shrink (made with incremental auto-vacuum;
     *                          one made by an older release only reuses its free pages)
     * @param pendingPartitions partitions this node holds keys of but does not replicate
     * @param pendingKeys       keys in them
     * @param pendingBytes      bytes in them
     * @param pending           each of them, with why it is still here
     */
    public record Reclaim(int partitionsDropped, long keysDropped, long bytesDropped, int dropsHalted, int dropsFailed,
                          long fileBytesReturned, long databaseBytes, long walBytes, long freeBytes,
                          boolean returnsFreeSpace, int pendingPartitions, long pendingKeys, long pendingBytes,
                          List<PendingPartition> pending) {
        public static final Reclaim NONE = new Reclaim(0, 0, 0, 0, 0, 0, 0, 0, 0, false, 0, 0, 0, List.of());

        public Reclaim {
            if (partitionsDropped < 0 || keysDropped < 0 || bytesDropped < 0 || dropsHalted < 0 || dropsFailed < 0
                    || fileBytesReturned < 0 || databaseBytes < 0 || walBytes < 0 || freeBytes < 0
                    || pendingPartitions < 0 || pendingKeys < 0 || pendingBytes < 0) {
                throw new IllegalArgumentException("reclaim figures are never negative");
            }
            pending = List.copyOf(pending);
        }
    }

    /**
     * A partition this node holds keys of but does not replicate.
     *
     * @param waitingFor why it is still here: {@code dropping} (under way), {@code queued} (after the
     *                   drop under way), {@code transition} (a ring change is under way),
     *                   {@code settling} (the ring in force is recent, or a node of it was out of
     *                   reach lately), {@code transfer} (a transfer of it runs here) or {@code hints}
     *                   (hints for its keys wait here)
     */
    public record PendingPartition(int partition, long keys, long bytes, String waitingFor) {
        public PendingPartition {
            Objects.requireNonNull(waitingFor, "waitingFor");
            if (partition < 0 || keys < 0 || bytes < 0) {
                throw new IllegalArgumentException("partition, keys and bytes are never negative");
            }
        }
    }

    /**
     * The node's bytes in flight (request bodies and answers, messages queued for peers) against its
     * budget, and how many requests and messages it refused for want of budget so far.
     */
    public record Load(long bytesInFlight, long bytesInFlightLimit, long refusals) {
        public static final Load NONE = new Load(0, 0, 0);
    }

    public ClusterStatus {
        Objects.requireNonNull(load, "load");
        Objects.requireNonNull(transfers, "transfers");
        Objects.requireNonNull(antiEntropy, "antiEntropy");
        Objects.requireNonNull(reclaim, "reclaim");
        requireNodeId(node);
        Objects.requireNonNull(nodes, "nodes");
        Objects.requireNonNull(hintsPending, "hintsPending");
        if (ringVersion < 0 || partitionCount < 1 || requestsInFlight < 0) {
            throw new IllegalArgumentException("ring version and requests in flight must be >= 0 and partition count"
                    + " >= 1; were " + ringVersion + ", " + requestsInFlight + ", " + partitionCount);
        }
        nodes = List.copyOf(nodes);
        Set<String> ids = new HashSet<>();
        for (NodeView view : nodes) {
            if (!ids.add(view.id())) {
                throw new IllegalArgumentException("node " + view.id() + " is listed twice");
            }
        }
        if (!ids.contains(node)) {
            throw new IllegalArgumentException("the answering node " + node + " is missing from the node list");
        }
        hintsPending.forEach((intended, count) -> {
            requireNodeId(intended);
            if (count == null || count < 0) {
                throw new IllegalArgumentException("hints pending for " + intended + " must be >= 0, was " + count);
            }
        });
        hintsPending = Collections.unmodifiableSortedMap(new TreeMap<>(hintsPending));
        owners = List.copyOf(owners);
        if (!owners.isEmpty() && owners.size() != partitionCount) {
            throw new IllegalArgumentException("the ring lists " + owners.size() + " owners for " + partitionCount
                    + " partitions");
        }
        owners.forEach(ClusterStatus::requireNodeId);
        Objects.requireNonNull(weights, "weights");
        weights.forEach((id, weight) -> {
            requireNodeId(id);
            if (weight == null || weight < 1) {
                throw new IllegalArgumentException("the weight of " + id + " must be >= 1, was " + weight);
            }
        });
        weights = Collections.unmodifiableSortedMap(new TreeMap<>(weights));
    }

    /** Whether this node can currently reach another (the failure detector's opinion, not a fact). */
    public enum Reachability {
        REACHABLE, UNREACHABLE;

        /** The JSON form: {@code "reachable"} or {@code "unreachable"}. */
        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One node as the answering node sees it.
     *
     * @param httpAddress     where its HTTP API listens, {@code host:port}
     * @param tcpAddress      where it takes inter-node messages, {@code host:port}
     * @param clientAddress   where its binary client protocol listens, {@code host:port}, or "" when
     *                        it has not announced one (a node of an older release)
     * @param status          whether the answering node currently reaches it (itself: always reachable)
     * @param partitionsOwned partitions the ring gives it (0 for a node not, or not yet, in the ring)
     * @param membership      what gossip says of it: joining, up, leaving or left
     * @param suspicion       the phi-accrual failure detector's suspicion of it (0 for itself;
     *                        above 8 it is avoided)
     * @param zone            where it runs: the zone the ring places it in, or for a node not in the
     *                        ring the one its gossiped entry names ("default" unless it was given one)
     * @param incarnation     the incarnation its gossiped entry names: 0 until its data was first wiped
     *                        or restored; its writes carry the clock actor {@code <id>.<incarnation>} from 1
     */
    public record NodeView(String id, String httpAddress, String tcpAddress, String clientAddress,
                           Reachability status, int partitionsOwned, String membership, double suspicion, String zone,
                           int incarnation) {

        /** A node of incarnation 0. */
        public NodeView(String id, String httpAddress, String tcpAddress, String clientAddress, Reachability status,
                        int partitionsOwned, String membership, double suspicion, String zone) {
            this(id, httpAddress, tcpAddress, clientAddress, status, partitionsOwned, membership, suspicion, zone, 0);
        }

        /** A node that is up in the ring and not suspected. */
        public NodeView(String id, String httpAddress, String tcpAddress, String clientAddress, Reachability status,
                        int partitionsOwned) {
            this(id, httpAddress, tcpAddress, clientAddress, status, partitionsOwned, "up", 0);
        }

        /** A node in the default zone. */
        public NodeView(String id, String httpAddress, String tcpAddress, String clientAddress, Reachability status,
                        int partitionsOwned, String membership, double suspicion) {
            this(id, httpAddress, tcpAddress, clientAddress, status, partitionsOwned, membership, suspicion,
                    Zone.DEFAULT.name());
        }

        public NodeView {
            Objects.requireNonNull(membership, "membership");
            if (!(suspicion >= 0)) {
                throw new IllegalArgumentException("suspicion of " + id + " must be >= 0, was " + suspicion);
            }
            requireNodeId(id);
            Objects.requireNonNull(httpAddress, "httpAddress");
            Objects.requireNonNull(tcpAddress, "tcpAddress");
            Objects.requireNonNull(clientAddress, "clientAddress");
            Objects.requireNonNull(status, "status");
            if (partitionsOwned < 0) {
                throw new IllegalArgumentException("partitions owned by " + id + " must be >= 0, was " + partitionsOwned);
            }
            Names.requireValid("zone of " + id, Objects.requireNonNull(zone, "zone"));
            if (incarnation < 0) {
                throw new IllegalArgumentException("incarnation of " + id + " must be >= 0, was " + incarnation);
            }
        }
    }

    /** n1's view of a three-node cluster on the default ports, with n3 unreachable: for tests and demos. */
    public static ClusterStatus sample() {
        return sample("n1");
    }

    /** {@link #sample()} as seen by {@code self} (one of n1, n2, n3); n3 sees n1 and n2 unreachable. */
    public static ClusterStatus sample(String self) {
        List<NodeView> views = List.of(
                sampleView("n1", 1, 22, self), sampleView("n2", 2, 21, self), sampleView("n3", 3, 21, self));
        Map<String, Long> hints = self.equals("n3") ? Map.of() : Map.of("n3", 2L);
        return new ClusterStatus(self, 1, 64, views, new TreeMap<>(hints), 0);
    }

    private static NodeView sampleView(String id, int index, int partitions, String self) {
        boolean reachable = id.equals(self) || (!id.equals("n3") && !self.equals("n3"));
        return new NodeView(id, "127.0.0.1:" + (7100 + index), "127.0.0.1:" + (7200 + index),
                "127.0.0.1:" + (7300 + index), reachable ? Reachability.REACHABLE : Reachability.UNREACHABLE, partitions);
    }

    private static void requireNodeId(String id) {
        Objects.requireNonNull(id, "node id");
        String problem = NodeId.problemWith(id);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }
}
