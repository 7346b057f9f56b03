package io.dynacart.store.sim;

import io.dynacart.store.api.NamespaceChange;
import io.dynacart.store.api.NamespaceConfig;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.Reconcile;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.Namespace;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.membership.MembershipView;
import io.dynacart.store.membership.Proposals;
import io.dynacart.store.versioning.Versioned;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The namespaces a simulation makes before its workload runs, beside the default one. The standard
 * mix has one of each kind the paper names (section 2: one store per application, each tuned):
 * <ul>
 *   <li>{@code lww}: last-write-wins, N=2 R=1 W=2 (a session store; W=2 so that the one wipe a run
 *       may have cannot take the only copy of an acknowledged write);</li>
 *   <li>{@code short}: siblings, the cluster's quorum, keys expiring {@value #SHORT_TTL_SECONDS} s
 *       after their last write (abandoned carts);</li>
 *   <li>{@code strict}: siblings, N=3 R=1 W=3 (orders);</li>
 *   <li>{@code sessions}: last-write-wins, the cluster's quorum, keys expiring
 *       {@value #SESSIONS_TTL_SECONDS} s after their last write (login sessions): both rules at once.</li>
 * </ul>
 *
 * @param checked  what the invariants hold the cluster to, and what the workload plans by
 * @param proposed what is proposed to the nodes: the same, unless a test plants a broken rule (a
 *                 namespace made differently from what is checked) to show that a law catches it
 */
public record NamespaceMix(List<NamespaceConfig> checked, List<NamespaceConfig> proposed) {

    public static final Namespace LWW = Namespace.of("lww");
    public static final Namespace SHORT = Namespace.of("short");
    public static final Namespace STRICT = Namespace.of("strict");
    public static final Namespace SESSIONS = Namespace.of("sessions");
    static final long SHORT_TTL_SECONDS = 2;
    static final long SESSIONS_TTL_SECONDS = 3;

    /** The default namespace alone: what runs before namespaces existed. */
    public static final NamespaceMix NONE = new NamespaceMix(List.of(), List.of());

    /** Longest the cluster may take to spread the namespaces to every node, in virtual ms. */
    static final long SPREAD_DEADLINE_MILLIS = 30_000;

    public NamespaceMix {
        checked = List.copyOf(checked);
        proposed = List.copyOf(proposed);
    }

    /** {@code lww}, {@code short}, {@code strict} and {@code sessions}, made as checked. */
    public static NamespaceMix standard() {
        Quorum cluster = Quorum.DEFAULT;
        List<NamespaceConfig> made = List.of(
                new NamespaceChange(LWW, 2, 1, 2, Reconcile.LAST_WRITE_WINS, null, null, null).applyTo(null, cluster),
                NamespaceChange.of(SHORT).withTtlSeconds(SHORT_TTL_SECONDS).applyTo(null, cluster),
                NamespaceChange.of(STRICT).withQuorum(3, 1, 3).applyTo(null, cluster),
                NamespaceChange.of(SESSIONS).withReconcile(Reconcile.LAST_WRITE_WINS)
                        .withTtlSeconds(SESSIONS_TTL_SECONDS).applyTo(null, cluster));
        return new NamespaceMix(made, made);
    }

    /** These checks, with {@code planted} proposed to the nodes instead. */
    public NamespaceMix proposing(List<NamespaceConfig> planted) {
        return new NamespaceMix(checked, planted);
    }

    /** The default namespace, then each namespace made, in order. */
    List<Namespace> namespaces() {
        List<Namespace> all = new ArrayList<>(List.of(Namespace.DEFAULT));
        checked.forEach(c -> all.add(c.namespace()));
        return all;
    }

    /** The checked settings of {@code key}'s namespace; empty for the default namespace. */
    Optional<NamespaceConfig> of(Key key) {
        return checked.stream().filter(c -> c.namespace().equals(key.namespace())).findFirst();
    }

    /** The quorum a call to {@code key} naming none should run with. */
    Quorum quorum(Key key, Quorum cluster) {
        return of(key).map(NamespaceConfig::quorum).orElse(cluster);
    }

    boolean lastWriteWins(Key key) {
        return of(key).map(c -> c.reconcile() == Reconcile.LAST_WRITE_WINS).orElse(false);
    }

    /** The checked ttl of {@code key}'s namespace, in ms; 0: never expires. */
    long ttlMillis(Key key) {
        return of(key).map(c -> c.ttlSeconds() * 1000).orElse(0L);
    }

    boolean anyExpiry() {
        return checked.stream().anyMatch(c -> c.ttlSeconds() > 0);
    }

    /** Whether {@code v} of {@code key} has expired by virtual time {@code virtualMillis} (dots carry wall time). */
    boolean expired(Key key, Versioned<?> v, long virtualMillis) {
        long ttl = ttlMillis(key);
        return ttl > 0 && v.dot().timestampMillis() + ttl <= SimScheduler.EPOCH_MILLIS + virtualMillis;
    }

    /**
     * Proposes every namespace of {@link #proposed} at the first running node and runs the cluster
     * until every running node's view has them (gossip spreads them).
     *
     * @throws IllegalStateException if they have not spread within {@value #SPREAD_DEADLINE_MILLIS} ms
     */
    void define(SimCluster cluster) {
        if (proposed.isEmpty()) {
            return;
        }
        NodeId proposer = cluster.nodeIds().stream().filter(cluster::isRunning).findFirst().orElseThrow();
        for (NamespaceConfig c : proposed) {
            cluster.node(proposer).propose(view -> Proposals.defineNamespace(view, c));
        }
        long deadline = cluster.scheduler().now() + SPREAD_DEADLINE_MILLIS;
        while (!cluster.views().values().stream().allMatch(this::knowsAll)) {
            if (cluster.scheduler().now() >= deadline) {
                throw new IllegalStateException("namespaces " + proposed + " did not reach every node within "
                        + SPREAD_DEADLINE_MILLIS + " ms: " + cluster.views());
            }
            cluster.scheduler().runFor(50);
        }
    }

    private boolean knowsAll(MembershipView view) {
        return proposed.stream().allMatch(c -> view.namespaces().get(c.namespace()).isPresent());
    }
}
