package io.dynacart.store.runtime;

import io.dynacart.store.antientropy.AntiEntropyStats;
import io.dynacart.store.handoff.ReclaimProgress;
import io.dynacart.store.handoff.TransferProgress;
import io.dynacart.store.http.ClusterStatus;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.identity.Zone;
import io.dynacart.store.membership.Member;
import io.dynacart.store.membership.MembershipView;
import io.dynacart.store.node.Node;
import io.dynacart.store.node.NodeStatus;
import io.dynacart.store.ring.Ring;
import io.dynacart.store.storage.DiskUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What {@code GET /cluster} shows of one node. Addresses: this node's as it announced them
 * (advertised, else bound; the runtime announces them as it starts); a peer's from the directory
 * when it has them, else what the peer announced through gossip.
 * Built on the node's event loop.
 */
final class StatusReport {

    private final NodeRuntimeConfig settings;
    private final Node node;
    private final Supplier<ClusterStatus.Load> load;

    StatusReport(NodeRuntimeConfig settings, Node node, Supplier<ClusterStatus.Load> load) {
        this.load = load;
        this.settings = settings;
        this.node = node;
    }

    /** Loop only; {@code hintCounts} and {@code disk}, from storage, are read before, off the loop. */
    ClusterStatus build(Map<NodeId, Long> hintCounts, DiskUsage disk) {
        NodeId self = settings.id();
        NodeStatus status = node.status();
        MembershipView view = status.view();
        Ring ring = view.ring();
        SortedSet<NodeId> known = new TreeSet<>(ring.nodes());
        known.addAll(view.members().keySet());
        known.add(self);
        List<ClusterStatus.NodeView> views = new ArrayList<>();
        for (NodeId n : known) {
            NodeAddresses a = n.equals(self) ? null : settings.directory().apply(n);
            boolean reachable = n.equals(self) || !status.unreachable().contains(n);
            views.add(new ClusterStatus.NodeView(n.value(),
                    a == null ? announced(n, Member::httpAddress) : NodeAddresses.text(a.http()),
                    a == null ? announced(n, Member::peerAddress) : NodeAddresses.text(a.tcp()),
                    a == null ? announced(n, Member::clientAddress) : NodeAddresses.text(a.client()),
                    reachable ? ClusterStatus.Reachability.REACHABLE : ClusterStatus.Reachability.UNREACHABLE,
                    ring.partitionsOwnedBy(n).size(), view.status(n).name().toLowerCase(Locale.ROOT),
                    status.suspicionOf(n), zoneOf(n, view).name(), view.member(n).map(Member::incarnation).orElse(0)));
        }
        TreeMap<String, Long> hints = new TreeMap<>();
        for (Map.Entry<NodeId, Long> e : hintCounts.entrySet()) {
            hints.put(e.getKey().value(), e.getValue());
        }
        return new ClusterStatus(self.value(), ring.version(), ring.partitionCount(), views, hints,
                status.requestsInFlight(), ring.owners().stream().map(NodeId::value).toList(), transfers(view, status),
                antiEntropy(status), load.get(), weights(ring), reclaim(status.reclaim(), disk));
    }

    private static ClusterStatus.Reclaim reclaim(ReclaimProgress r, DiskUsage disk) {
        List<ClusterStatus.PendingPartition> pending = r.pending().stream()
                .map(p -> new ClusterStatus.PendingPartition(p.partition().index(), p.keys(), p.bytes(), p.why().json()))
                .toList();
        return new ClusterStatus.Reclaim(r.partitionsDropped(), r.keysDropped(), r.bytesDropped(), r.dropsHalted(),
                r.dropsFailed(), r.fileBytesReturned(), disk.databaseBytes(), disk.walBytes(), disk.freeBytes(),
                disk.returnsFreeSpace(), pending.size(), r.pendingKeys(), r.pendingBytes(), pending);
    }

    /** Where {@code n}'s HTTP API listens, as this report shows it ("" before it is known). Loop only. */
    String httpAddress(NodeId n) {
        NodeAddresses a = n.equals(settings.id()) ? null : settings.directory().apply(n);
        return a == null ? announced(n, Member::httpAddress) : NodeAddresses.text(a.http());
    }

    private static TreeMap<String, Integer> weights(Ring ring) {
        TreeMap<String, Integer> weights = new TreeMap<>();
        ring.weights().forEach((id, w) -> weights.put(id.value(), w));
        return weights;
    }

    /** Where the ring places {@code n}, or, for a node not in it, the zone its entry names. */
    private static Zone zoneOf(NodeId n, MembershipView view) {
        Ring ring = view.ring();
        if (ring.zones().containsKey(n)) {
            return ring.zoneOf(n);
        }
        return view.member(n).map(Member::zone).orElse(Zone.DEFAULT);
    }

    /** An address {@code peer} announced through gossip, or "" before it has. */
    private String announced(NodeId peer, Function<Member, String> which) {
        return node.view().member(peer).map(which).filter(a -> !a.equals(Node.UNANNOUNCED)).orElse("");
    }

    private static ClusterStatus.Transfers transfers(MembershipView view, NodeStatus status) {
        TransferProgress p = status.transfers();
        long target = view.transition().map(t -> t.target().version()).orElse(0L);
        return new ClusterStatus.Transfers(target, view.remainingTransfers().size(), p.pending(), p.inFlight(),
                p.done(), p.failed(), p.bytesMoved(), p.keysMoved(),
                p.estimatedRemaining().map(d -> (long) Math.ceil(d.toMillis() / 1000.0)).orElse(-1L));
    }

    private static ClusterStatus.AntiEntropy antiEntropy(NodeStatus status) {
        AntiEntropyStats a = status.antiEntropy();
        return new ClusterStatus.AntiEntropy(a.sessionsCompleted(), a.sessionsAborted(), a.keysSent(),
                a.keysReceived(), a.bytesSent(), status.tombstonesCollected());
    }
}
