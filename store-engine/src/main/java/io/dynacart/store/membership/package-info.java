/**
 * Who is up, as this node sees it (paper, section 4.8). For now: local failure detection
 * ({@link io.dynacart.store.membership.PeerHealth}, consecutive missed answers) and probing of
 * avoided peers ({@link io.dynacart.store.membership.Prober}). Gossip of membership and the ring,
 * seeds, a principled (phi-accrual) detector and explicit join and leave come with the membership
 * issue.
 *
 * <p>Depends on {@code identity}, {@code time} and {@code transport}.
 */
package io.dynacart.store.membership;
