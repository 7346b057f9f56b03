package io.dynacart.store.http;

import io.dynacart.store.api.KeyPlacement;
import io.dynacart.store.api.KeyRepairOutcome;
import io.dynacart.store.api.NamespaceChange;
import io.dynacart.store.api.NamespaceConfig;
import io.dynacart.store.api.ReplicaCopy;
import io.dynacart.store.identity.Key;
import io.dynacart.store.storage.BackupSnapshot;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What a node's admin calls do (paper, section 4.9: an operator adds and removes nodes explicitly).
 * The node runtime implements them; this package checks the admin token and turns the outcome into
 * HTTP. A change that cannot start now (a transition already under way, an unknown node) fails with
 * {@link IllegalStateException} (409) or {@link IllegalArgumentException} (400), naming the problem.
 */
public interface AdminActions {

    /** Proposes that the answering node join the ring with {@code weight}; answers the target ring version. */
    CompletableFuture<Long> join(int weight);

    /** The weight the answering node joins with when the call names none: its own (its {@code --weight}). */
    default int ownWeight() {
        return 1;
    }

    /** Proposes that {@code node} leave the ring; answers the target ring version. */
    CompletableFuture<Long> leave(String node);

    /**
     * Proposes that {@code node} take {@code weight} (its share of the partitions, relative to the
     * others'); answers the target ring version. Partitions move as for a join or leave.
     */
    default CompletableFuture<Long> reweight(String node, int weight) {
        return CompletableFuture.failedFuture(new IllegalStateException("this node takes no reweight calls"));
    }

    /**
     * Starts anti-entropy exchanges of {@code partition} with its other replicas now; answers how many
     * exchanges were queued. An unknown partition is an {@link IllegalArgumentException}.
     */
    default CompletableFuture<Integer> repair(int partition) {
        return CompletableFuture.failedFuture(new IllegalStateException("this node takes no repair calls"));
    }

    /**
     * Takes a consistent snapshot of the node's data, holding every write it acknowledged before the
     * call, while writes go on; answers it once written, for the caller to send and close. A second
     * backup while one is under way fails with {@link IllegalStateException} (409); a disk without
     * room for the copy with {@link io.dynacart.store.storage.DiskFullException} (507).
     */
    default CompletableFuture<BackupSnapshot> backup() {
        return CompletableFuture.failedFuture(new IllegalStateException("this node takes no backup calls"));
    }

    /**
     * Makes a namespace or changes its settings ({@code POST /admin/namespaces}); answers its config
     * once this node has it (gossip takes it to the others). Bad settings are an
     * {@link IllegalArgumentException}.
     */
    default CompletableFuture<NamespaceConfig> defineNamespace(NamespaceChange change) {
        return CompletableFuture.failedFuture(new IllegalStateException("this node takes no namespace changes"));
    }

    /** Every namespace this node knows, the default one first ({@code GET /namespaces}). */
    default List<NamespaceConfig> namespaces() {
        return List.of();
    }

    /**
     * Where {@code key} lives as this node sees it ({@code GET /placement/...}). A key of a namespace
     * the node does not know fails with {@link io.dynacart.store.api.UnknownNamespaceException} (404).
     */
    default CompletableFuture<KeyPlacement> placement(Key key) {
        return CompletableFuture.failedFuture(new IllegalStateException("this node does not tell where keys live"));
    }

    /**
     * What this node holds of {@code key}, from its own storage, asking no other node
     * ({@code GET /replica/...}); an unknown namespace as for {@link #placement}.
     */
    default CompletableFuture<ReplicaCopy> replica(Key key) {
        return CompletableFuture.failedFuture(new IllegalStateException("this node does not show its replicas"));
    }

    /**
     * Read repair of {@code key} now, coordinated here: reads every primary, writes the merge to those
     * lacking a version of it, answers what changed; with {@code antiEntropy}, also queues anti-entropy
     * exchanges of the key's partition ({@code POST /admin/repair/...}).
     */
    default CompletableFuture<KeyRepairOutcome> repairKey(Key key, boolean antiEntropy) {
        return CompletableFuture.failedFuture(new IllegalStateException("this node takes no key repairs"));
    }

    /** A node without admin calls: every call is refused. */
    AdminActions NONE = new AdminActions() {
        @Override
        public CompletableFuture<Long> join(int weight) {
            return CompletableFuture.failedFuture(new IllegalStateException("this node takes no admin calls"));
        }

        @Override
        public CompletableFuture<Long> leave(String node) {
            return CompletableFuture.failedFuture(new IllegalStateException("this node takes no admin calls"));
        }
    };
}
