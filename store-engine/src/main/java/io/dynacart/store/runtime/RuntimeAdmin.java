package io.dynacart.store.runtime;

import io.dynacart.store.api.KeyPlacement;
import io.dynacart.store.api.KeyRepairOutcome;
import io.dynacart.store.api.NamespaceChange;
import io.dynacart.store.api.NamespaceConfig;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.ReplicaCopy;
import io.dynacart.store.api.UnknownNamespaceException;
import io.dynacart.store.http.AdminActions;
import io.dynacart.store.http.ClusterStatus;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.membership.Member;
import io.dynacart.store.membership.MembershipView;
import io.dynacart.store.membership.Proposals;
import io.dynacart.store.node.Node;
import io.dynacart.store.node.NodeStatus;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.ring.PreferenceList;
import io.dynacart.store.ring.Ring;
import io.dynacart.store.storage.BackupSnapshot;
import io.dynacart.store.storage.DiskUsage;
import io.dynacart.store.storage.Storage;
import io.dynacart.store.time.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * What the HTTP admin calls, the status page and the runtime's own callers ask of a running node,
 * from any thread: each request runs on the node's event loop and answers by future.
 */
final class RuntimeAdmin implements AdminActions {

    private final Node node;
    private final Scheduler loop;
    private final Storage storage;
    private final StatusReport report;
    private final NodeBackups backups;
    /** Whether a fault put on this node's network cuts it off from a peer (a partition). */
    private final Predicate<NodeId> cutOff;

    RuntimeAdmin(Node node, Scheduler loop, Storage storage, StatusReport report, NodeBackups backups,
                 Predicate<NodeId> cutOff) {
        this.node = node;
        this.cutOff = cutOff;
        this.loop = loop;
        this.storage = storage;
        this.report = report;
        this.backups = backups;
    }

    @Override
    public CompletableFuture<Long> join(int weight) {
        return propose(v -> Proposals.join(v, node.id(), weight)).thenApply(RuntimeAdmin::targetVersion);
    }

    @Override
    public int ownWeight() {
        return node.view().member(node.id()).map(Member::weight).orElse(1);
    }

    @Override
    public CompletableFuture<Long> leave(String nodeName) {
        NodeId leaver;
        try {
            leaver = nodeName == null ? node.id() : NodeId.of(nodeName);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("node: " + e.getMessage()));
        }
        return leave(leaver);
    }

    @Override
    public CompletableFuture<Long> reweight(String nodeName, int weight) {
        NodeId node;
        try {
            node = NodeId.of(nodeName);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("node: " + e.getMessage()));
        }
        return reweight(node, weight);
    }

    CompletableFuture<Long> reweight(NodeId node, int weight) {
        return propose(v -> Proposals.reweight(v, node, weight)).thenApply(RuntimeAdmin::targetVersion);
    }

    CompletableFuture<Long> leave(NodeId leaver) {
        return propose(v -> Proposals.leave(v, leaver)).thenApply(RuntimeAdmin::targetVersion);
    }

    @Override
    public CompletableFuture<Integer> repair(int partition) {
        int count = storage.partitioner().partitionCount();
        if (partition < 0 || partition >= count) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "partition must be from 0 to " + (count - 1) + ", was " + partition));
        }
        return onLoop(() -> node.repairNow(PartitionId.of(partition)));
    }

    @Override
    public CompletableFuture<BackupSnapshot> backup() {
        return backups.take();
    }

    @Override
    public CompletableFuture<NamespaceConfig> defineNamespace(NamespaceChange change) {
        return onLoop(() -> {
            Quorum cluster = node.client().defaultQuorum();
            NamespaceConfig current = node.view().namespaces().get(change.namespace()).orElse(null);
            MembershipView after = node.propose(v -> Proposals.defineNamespace(v, change.applyTo(current, cluster)));
            return after.namespaces().get(change.namespace()).orElseThrow();
        });
    }

    @Override
    public List<NamespaceConfig> namespaces() {
        List<NamespaceConfig> all = new ArrayList<>();
        all.add(NamespaceConfig.defaultFor(node.client().defaultQuorum()));
        all.addAll(node.view().namespaces().all());
        return all;
    }

    @Override
    public CompletableFuture<KeyPlacement> placement(Key key) {
        return onLoop(() -> {
            Quorum quorum = quorumOf(key);
            NodeStatus status = node.status();
            Ring ring = status.view().ring();
            KeyHash hash = KeyHash.of(key);
            PreferenceList list = ring.preferenceList(hash, quorum.n());
            return new KeyPlacement(node.id(), key, hash.toString(), list.partition().index(), ring.partitionCount(),
                    ring.version(), quorum.n(), placed(list.primaries(), status), placed(list.fallbacks(), status));
        });
    }

    private List<KeyPlacement.Placed> placed(List<NodeId> nodes, NodeStatus status) {
        MembershipView view = status.view();
        List<KeyPlacement.Placed> out = new ArrayList<>();
        for (NodeId n : nodes) {
            KeyPlacement.State state = n.equals(node.id()) ? KeyPlacement.State.UP
                    : cutOff.test(n) ? KeyPlacement.State.CUT_OFF
                    : status.unreachable().contains(n) ? KeyPlacement.State.SUSPECTED : KeyPlacement.State.UP;
            out.add(new KeyPlacement.Placed(n, view.ring().zoneOf(n), state,
                    view.status(n).name().toLowerCase(Locale.ROOT), status.suspicionOf(n), report.httpAddress(n)));
        }
        return out;
    }

    @Override
    public CompletableFuture<ReplicaCopy> replica(Key key) {
        return onLoop(() -> node.localCopy(key, quorumOf(key).n()));
    }

    @Override
    public CompletableFuture<KeyRepairOutcome> repairKey(Key key, boolean antiEntropy) {
        return this.<CompletableFuture<KeyRepairOutcome>>onLoop(() -> {
            CompletableFuture<KeyRepairOutcome> repaired = new CompletableFuture<>();
            node.repairKey(key, quorumOf(key), repaired);
            if (!antiEntropy) {
                return repaired;
            }
            int exchanges = node.repairNow(storage.partitioner().partitionOf(KeyHash.of(key)));
            return repaired.thenApply(outcome -> outcome.withAntiEntropyExchanges(exchanges));
        }).thenCompose(Function.identity());
    }

    /**
     * The N, R and W of {@code key}'s namespace here. Loop only.
     *
     * @throws UnknownNamespaceException for a namespace this node does not know
     */
    private Quorum quorumOf(Key key) {
        if (key.namespace().isDefault()) {
            return node.client().defaultQuorum();
        }
        return node.view().namespaces().get(key.namespace()).map(NamespaceConfig::quorum)
                .orElseThrow(() -> new UnknownNamespaceException(key.namespace()));
    }

    /** Applies {@code change} to the node's membership view on its event loop; gossip spreads it. */
    CompletableFuture<MembershipView> propose(UnaryOperator<MembershipView> change) {
        return onLoop(() -> node.propose(change));
    }

    /** A snapshot of what {@code GET /cluster} shows, built on the node's event loop. */
    ClusterStatus status() {
        Map<NodeId, Long> hints = storage.hints().counts(); // from any thread: the storage keeps them in memory
        DiskUsage disk = storage.diskUsage(); // three pragmas and two file sizes, off the loop
        try {
            return onLoop(() -> report.build(hints, disk)).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("node " + node.id() + " did not report its status: " + e, e);
        }
    }

    /** Client requests the node is coordinating now; 0 if its loop does not answer within a second. */
    int requestsInFlight() {
        try {
            return onLoop(() -> node.status().requestsInFlight()).get(1, TimeUnit.SECONDS);
        } catch (Exception e) {
            return 0;
        }
    }

    private <T> CompletableFuture<T> onLoop(Supplier<T> work) {
        CompletableFuture<T> done = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                done.complete(work.get());
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    private static long targetVersion(MembershipView v) {
        return v.transition().map(t -> t.target().version()).orElse(v.ring().version());
    }
}
