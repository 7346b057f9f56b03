package io.dynacart.store.runtime;

import io.dynacart.store.api.NamespaceChange;
import io.dynacart.store.api.NamespaceConfig;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.http.AdminActions;
import io.dynacart.store.http.ClusterStatus;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.membership.MembershipView;
import io.dynacart.store.membership.Proposals;
import io.dynacart.store.node.Node;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.storage.BackupSnapshot;
import io.dynacart.store.storage.DiskUsage;
import io.dynacart.store.storage.Storage;
import io.dynacart.store.time.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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

    RuntimeAdmin(Node node, Scheduler loop, Storage storage, StatusReport report, NodeBackups backups) {
        this.node = node;
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
    public CompletableFuture<Long> leave(String nodeName) {
        NodeId leaver;
        try {
            leaver = nodeName == null ? node.id() : NodeId.of(nodeName);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("node: " + e.getMessage()));
        }
        return leave(leaver);
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
