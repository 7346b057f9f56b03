package io.dynacart.store.membership;

/**
 * A node's part in the ring, derived from a {@link MembershipView} (never stored, so it cannot
 * disagree with the ring):
 * <pre>
 *                 in the current ring   in the transition's target
 *   JOINING              no                      yes
 *   UP                   yes                     yes, or no transition
 *   LEAVING              yes                     no
 *   LEFT                 no                      no (a known member: left, or not joined yet)
 * </pre>
 * Legal successors: JOINING to UP when the transition completes; UP to LEAVING when a leave is
 * proposed; LEAVING to LEFT when it completes; LEFT to JOINING when a join is proposed.
 */
public enum MemberStatus {
    JOINING,
    UP,
    LEAVING,
    LEFT
}
