package io.dynacart.web.control;

import io.dynacart.store.api.KeyPlacement;
import io.dynacart.store.api.KeyRepairOutcome;
import io.dynacart.store.api.NamespaceConfig;
import io.dynacart.store.api.ReplicaCopy;
import io.dynacart.store.api.Value;
import io.dynacart.store.cluster.LocalCluster;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.Namespace;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.runtime.NodeRuntime;
import io.dynacart.store.versioning.Reconciliation;
import io.dynacart.store.versioning.Versioned;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The key explorer over the demo's embedded nodes: where a key lives as one node sees it (its hash,
 * partition and preference list, each node up, suspected or cut off), what each replica holds, read
 * from that replica's own node without coordination (so during a partition each side's copy shows
 * as it is), which replicas lack a version the others hold, and read repair of the key on request.
 * The same calls as a node's {@code /placement}, {@code /replica} and {@code /admin/repair} (docs/HTTP-API.md),
 * made in process.
 */
public final class KeyExplorer {

    /** Longer than a key repair's two phases of the coordinator's timeout (1 s each). */
    private static final long WAIT_MILLIS = 5_000;

    private final LocalCluster cluster;
    private final Supplier<List<NodeId>> members;

    /** @param members the nodes that have not left, in order ({@link ClusterControl#members}) */
    public KeyExplorer(LocalCluster cluster, Supplier<List<NodeId>> members) {
        this.cluster = cluster;
        this.members = members;
    }

    /**
     * One node's copy of the key, or why it could not be read.
     *
     * @param placed  the node as the preference list shows it
     * @param primary whether it is one of the key's primaries (else a fallback)
     * @param copy    what it holds, or null when it could not be read
     * @param problem why it could not be read ("" when it was)
     * @param lacking for a primary, how many versions the primaries hold together it lacks
     */
    public record Copy(KeyPlacement.Placed placed, boolean primary, ReplicaCopy copy, String problem, int lacking) {

        public boolean differs() {
            return lacking > 0;
        }
    }

    /**
     * A key explored.
     *
     * @param together the primaries' copies reconciled: what each should hold
     * @param owners   the owner of each partition in the viewer's ring, by index
     */
    public record Exploration(KeyPlacement placement, List<Copy> copies, List<Versioned<Value>> together,
                              List<String> owners) {

        /** Primaries whose copy was read. */
        public long answered() {
            return copies.stream().filter(c -> c.primary() && c.copy() != null).count();
        }

        /** Primaries that lack a version the others hold. */
        public long differing() {
            return copies.stream().filter(Copy::differs).count();
        }
    }

    /** The running members, in order. */
    public List<NodeId> running() {
        return members.get().stream().filter(cluster::isRunning).toList();
    }

    /**
     * The node whose view the explorer shows: {@code requested} if it names a running member, else the
     * first running one.
     *
     * @throws ControlException 409 when no node runs
     */
    public NodeId viewer(String requested) {
        List<NodeId> up = running();
        if (up.isEmpty()) {
            throw ControlException.conflict("no node is running; start one on the cluster page");
        }
        return up.stream().filter(n -> n.value().equals(requested)).findFirst().orElse(up.get(0));
    }

    /** The namespaces {@code viewer} knows, the default one first. */
    public List<String> namespaces(NodeId viewer) {
        List<String> out = new ArrayList<>();
        out.add(Namespace.DEFAULT.name());
        runtime(viewer).view().namespaces().all().stream().map(NamespaceConfig::namespace).map(Namespace::name)
                .sorted().forEach(out::add);
        return out;
    }

    /**
     * Where {@code key} lives as {@code viewer} sees it, and what each primary (and each fallback that
     * holds anything of it) holds, read from its own node.
     *
     * @throws io.dynacart.store.api.UnknownNamespaceException when {@code viewer} does not know the key's namespace
     */
    public Exploration explore(NodeId viewer, Key key) {
        KeyPlacement placement = await(runtime(viewer).placement(key));
        List<Copy> read = new ArrayList<>();
        List<Versioned<Value>> together = List.of();
        for (KeyPlacement.Placed p : placement.primaries()) {
            Copy c = read(p, true, key);
            if (c.copy() != null) {
                together = Reconciliation.reconcile(together, c.copy().stored());
            }
            read.add(c);
        }
        List<Copy> copies = new ArrayList<>();
        for (Copy c : read) {
            copies.add(c.copy() == null ? c : new Copy(c.placed(), true, c.copy(), "",
                    Reconciliation.lacking(c.copy().stored(), together)));
        }
        for (KeyPlacement.Placed p : placement.fallbacks()) {
            Copy c = read(p, false, key);
            if (c.copy() != null && (!c.copy().hinted().isEmpty() || !c.copy().stored().isEmpty())) {
                copies.add(c);
            }
        }
        List<String> owners = runtime(viewer).view().ring().owners().stream().map(NodeId::value).toList();
        return new Exploration(placement, copies, together, owners);
    }

    /** Read repair of {@code key} coordinated by {@code viewer}; with {@code antiEntropy}, anti-entropy of its partition too. */
    public KeyRepairOutcome repair(NodeId viewer, Key key, boolean antiEntropy) {
        return await(runtime(viewer).repairKey(key, antiEntropy));
    }

    /** Queues anti-entropy exchanges of {@code partition} between {@code viewer} and the partition's other replicas; how many. */
    public int antiEntropy(NodeId viewer, int partition) {
        return await(runtime(viewer).repair(partition));
    }

    private Copy read(KeyPlacement.Placed p, boolean primary, Key key) {
        if (!cluster.isRunning(p.id())) {
            return new Copy(p, primary, null, "stopped: its copy cannot be read until it starts", 0);
        }
        try {
            return new Copy(p, primary, await(runtime(p.id()).replica(key)), "", 0);
        } catch (RuntimeException e) {
            return new Copy(p, primary, null, e.getMessage(), 0);
        }
    }

    private NodeRuntime runtime(NodeId id) {
        try {
            return cluster.runtime(id);
        } catch (IllegalStateException stopped) {
            throw ControlException.conflict("node " + id + " is stopped");
        }
    }

    /** The future's value, its failure's cause rethrown, or a {@link ControlException} once it takes too long. */
    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ControlException.conflict("interrupted while waiting for the node");
        } catch (TimeoutException e) {
            throw ControlException.conflict("the node did not answer within " + WAIT_MILLIS + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException && e.getCause().getCause() != null
                    ? e.getCause().getCause() : e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("the node failed: " + cause, cause);
        }
    }
}
