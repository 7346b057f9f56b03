/**
 * Who is in the cluster and who is up, as this node sees it (paper, sections 4.8.1 to 4.8.3). Pure
 * values and functions: {@link io.dynacart.store.membership.Member} entries with heartbeats, the
 * {@link io.dynacart.store.membership.MembershipView} (members, ring, a
 * {@link io.dynacart.store.membership.RingTransition} in progress) and its merge,
 * {@link io.dynacart.store.membership.Proposals} for the operator's join and leave,
 * {@link io.dynacart.store.membership.ViewCodec} for the wire, and the
 * {@link io.dynacart.store.membership.PhiAccrualDetector}. One process:
 * {@link io.dynacart.store.membership.Gossiper}, push-pull gossip with seeds. Beside them the
 * request path's local detection: {@link io.dynacart.store.membership.PeerHealth} (consecutive missed
 * answers) and {@link io.dynacart.store.membership.Prober} (pings avoided peers).
 *
 * <p>Depends on {@code identity}, {@code encoding}, {@code ring}, {@code time} and {@code transport}.
 */
package io.dynacart.store.membership;
