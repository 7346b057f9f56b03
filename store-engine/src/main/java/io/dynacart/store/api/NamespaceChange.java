package io.dynacart.store.api;

import io.dynacart.store.identity.Namespace;
import java.util.Objects;

/**
 * What an operator asks of a namespace: to make it, or to change some of its settings. A null
 * field keeps what the namespace has (for a new namespace: the cluster's quorum, siblings, no
 * expiry, the cluster's sibling caps).
 */
public record NamespaceChange(Namespace namespace, Integer n, Integer r, Integer w, Reconcile reconcile,
                              Long ttlSeconds, Integer maxSiblings, Long maxSiblingBytes) {

    public NamespaceChange {
        Objects.requireNonNull(namespace, "namespace");
        if (namespace.isDefault()) {
            throw new IllegalArgumentException("the default namespace is the cluster's own and cannot be changed");
        }
    }

    /** A change of nothing: makes the namespace with the defaults, or leaves it as it is. */
    public static NamespaceChange of(Namespace namespace) {
        return new NamespaceChange(namespace, null, null, null, null, null, null, null);
    }

    public NamespaceChange withQuorum(int newN, int newR, int newW) {
        return new NamespaceChange(namespace, newN, newR, newW, reconcile, ttlSeconds, maxSiblings, maxSiblingBytes);
    }

    public NamespaceChange withReconcile(Reconcile mode) {
        return new NamespaceChange(namespace, n, r, w, mode, ttlSeconds, maxSiblings, maxSiblingBytes);
    }

    public NamespaceChange withTtlSeconds(long seconds) {
        return new NamespaceChange(namespace, n, r, w, reconcile, seconds, maxSiblings, maxSiblingBytes);
    }

    /**
     * The config this change makes of {@code current} (null: a new namespace, started from
     * {@code clusterQuorum}). R and W left unset follow a smaller N down.
     *
     * @throws IllegalArgumentException naming a setting out of its bounds
     */
    public NamespaceConfig applyTo(NamespaceConfig current, Quorum clusterQuorum) {
        NamespaceConfig base = current != null ? current : NamespaceConfig.of(namespace, clusterQuorum);
        Quorum q = base.quorum();
        int newN = n != null ? n : q.n();
        int newR = r != null ? r : Math.min(q.r(), newN);
        int newW = w != null ? w : Math.min(q.w(), newN);
        return new NamespaceConfig(namespace, new Quorum(newN, newR, newW),
                reconcile != null ? reconcile : base.reconcile(),
                ttlSeconds != null ? ttlSeconds : base.ttlSeconds(),
                maxSiblings != null ? maxSiblings : base.maxSiblings(),
                maxSiblingBytes != null ? maxSiblingBytes : base.maxSiblingBytes(),
                base.version());
    }
}
