package io.dynacart.cart;

import io.dynacart.store.api.NamespaceChange;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.Reconcile;
import io.dynacart.store.identity.Namespace;
import java.time.Duration;
import java.util.List;

/**
 * The namespaces the shop keeps its data in, each tuned as the paper tunes an instance for its
 * application (section 2): carts merge their siblings and are forgotten a while after their last
 * change (an abandoned cart must not live forever); orders are written to every replica and never
 * expire; the catalog is read far more than written, so a read waits for one replica; a visitor's
 * session is a small record where the latest write is all that matters, so the store keeps the
 * last write and forgets the session a while after the visitor's last page (the paper's session
 * store, section 6: "last write wins"). Whoever runs the shop makes them once ({@link #changes});
 * making them again changes nothing.
 */
public final class CartNamespaces {

    /** Carts, under their id. */
    public static final Namespace CART = Namespace.of("cart");
    /** Placed orders, under their id. */
    public static final Namespace ORDER = Namespace.of("order");
    /** The catalog. */
    public static final Namespace CATALOG = Namespace.of("catalog");
    /** Visitors' sessions, under their session id: last write wins. */
    public static final Namespace SESSION = Namespace.of("session");
    /** How long a cart lives after its last change unless told otherwise. */
    public static final Duration DEFAULT_CART_TTL = Duration.ofDays(30);
    /** How long a session lives after its last write. */
    public static final Duration SESSION_TTL = Duration.ofHours(12);

    private CartNamespaces() {
    }

    /**
     * The namespaces to make in a cluster whose default quorum is {@code cluster}, carts expiring
     * {@code cartTtl} after their last change ({@link Duration#ZERO}: never).
     */
    public static List<NamespaceChange> changes(Quorum cluster, Duration cartTtl) {
        if (cartTtl.isNegative()) {
            throw new IllegalArgumentException("the cart ttl must be 0 (never) or more, was " + cartTtl);
        }
        return List.of(
                new NamespaceChange(CART, null, null, null, Reconcile.SIBLINGS, cartTtl.toSeconds(), null, null),
                new NamespaceChange(ORDER, null, null, cluster.n(), Reconcile.SIBLINGS, 0L, null, null),
                new NamespaceChange(CATALOG, null, 1, null, Reconcile.SIBLINGS, 0L, null, null),
                new NamespaceChange(SESSION, null, null, null, Reconcile.LAST_WRITE_WINS, SESSION_TTL.toSeconds(),
                        null, null));
    }
}
