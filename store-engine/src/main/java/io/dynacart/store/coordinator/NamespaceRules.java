package io.dynacart.store.coordinator;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.NamespaceConfig;
import io.dynacart.store.api.Reconcile;
import io.dynacart.store.api.Value;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.Dot;
import io.dynacart.store.versioning.Versioned;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a namespace's settings do to a key's versions, as pure functions of the versions, the
 * settings and the time. Every version carries the dot of the write that made it, stamped with the
 * coordinator's clock; that is the version's write time, for expiry and for last-write-wins alike,
 * so every replica and every coordinator decides the same from the same versions.
 *
 * <ul>
 *   <li><b>Expiry</b>: a version is expired once its write time plus the namespace's ttl has
 *       passed. A read shows only unexpired versions; its context still covers the expired ones, so
 *       a put with it supersedes them. Expiry depends on nothing a replica keeps, so no replica, no
 *       hint and no anti-entropy exchange can bring an expired version back.</li>
 *   <li><b>Last write wins</b>: a read shows only the latest version by (write time, node,
 *       counter), and a put supersedes every version its coordinator holds, so the siblings of
 *       concurrent writes collapse at the next write. Of two concurrent writes one is lost.</li>
 * </ul>
 */
public final class NamespaceRules {

    /** The order last-write-wins picks by: write time, then the dot's node and counter. */
    static final Comparator<Versioned<?>> LATEST = Comparator
            .<Versioned<?>>comparingLong(v -> v.dot().timestampMillis())
            .thenComparing(Versioned::dot, Comparator.comparing(Dot::node).thenComparingLong(Dot::counter));

    private NamespaceRules() {
    }

    /** Whether {@code version} has expired at {@code nowMillis} in {@code namespace}. */
    public static boolean expired(Versioned<?> version, NamespaceConfig namespace, long nowMillis) {
        return namespace.expired(version.dot().timestampMillis(), nowMillis);
    }

    /** What a client sees of {@code read} in {@code namespace} at {@code nowMillis}; the context is kept. */
    static GetResult visible(GetResult read, NamespaceConfig namespace, long nowMillis) {
        if (namespace.ttlSeconds() == 0 && namespace.reconcile() == Reconcile.SIBLINGS) {
            return read;
        }
        List<Versioned<Value>> shown = new ArrayList<>();
        for (Versioned<Value> v : read.siblings()) {
            if (!expired(v, namespace, nowMillis)) {
                shown.add(v);
            }
        }
        if (namespace.reconcile() == Reconcile.LAST_WRITE_WINS && shown.size() > 1) {
            shown = List.of(shown.stream().max(LATEST).orElseThrow());
        }
        if (shown.size() == read.siblings().size()) {
            return read;
        }
        return new GetResult(read.key(), shown, read.context(), read.fallbacksOnly(), read.fastestReplica());
    }

    /**
     * The context a put in {@code namespace} is made with: the client's, and under last-write-wins
     * also every version the coordinator holds ({@code held}), which the put then supersedes.
     */
    static Context putContext(Context asked, List<? extends Versioned<?>> held, NamespaceConfig namespace) {
        if (namespace.reconcile() != Reconcile.LAST_WRITE_WINS || held.isEmpty()) {
            return asked;
        }
        return asked.merge(Context.of(held));
    }
}
