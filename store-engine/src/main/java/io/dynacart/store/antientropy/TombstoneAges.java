package io.dynacart.store.antientropy;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.versioning.Dot;
import io.dynacart.store.versioning.Versioned;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The pure half of tombstone collection: when each all-tombstone sibling set was first seen here,
 * and whether it may be purged now.
 *
 * <p>A set may be purged when it has been seen unchanged for the grace period and every other
 * replica of its partition completed an anti-entropy exchange with this node that <em>began after</em>
 * the set was first seen: at that moment this node held the set, so the peer ended the exchange
 * holding it or something newer (a concurrent value would have come back here and changed the set).
 * Ages live in memory only: after a restart every set is first seen again, which only delays.
 *
 * <p>A version whose namespace's ttl has passed ({@link Expiry}) counts as a tombstone: a key whose
 * every version is a tombstone or expired is reclaimed by the same rules.
 *
 * <p>One more source could bring a deleted version back after the purge: a hint, kept by a fallback
 * for a node it cannot reach. So from the scan at which every replica is known to hold the set
 * (<em>held everywhere since</em> τ), the set also waits for the <em>hint horizon</em>, the earliest
 * time any member of the cluster reports for the versions in its hints (gossiped, see
 * {@code handoff.HintStore#horizon}), to pass τ by {@code marginMillis} (twice the clocks' skew: a
 * version the tombstone covers was written before τ), and to stay past it for {@code settleMillis}
 * (a few gossip rounds, so that a hint copied between fallbacks meanwhile shows in the copy's
 * holder's report). After τ no replica ships such a version any more, so a horizon past τ means no
 * hint anywhere holds one.
 *
 * <pre>
 *   siblings        same dots?  grace over?  every peer exchanged after?  horizon past τ, settled?  verdict
 *   has a value     -           -            -                            -                         LIVE (forgotten)
 *   all tombstones  no          -            -                            -                         FIRST_SEEN
 *   all tombstones  yes         no           -                            -                         IN_GRACE
 *   all tombstones  yes         yes          no (or a peer never)         -                         UNSEEN_BY_A_REPLICA
 *   all tombstones  yes         yes          yes                          no                        AWAITING_HINTS
 *   all tombstones  yes         yes          yes                          yes                       COLLECT
 * </pre>
 */
public final class TombstoneAges {

    /** What to do with one key. */
    public enum Verdict { LIVE, FIRST_SEEN, IN_GRACE, UNSEEN_BY_A_REPLICA, AWAITING_HINTS, COLLECT }

    /** No time yet. */
    private static final long NOT_YET = -1;

    /**
     * An all-tombstone set (by its dots), when it was first seen, since when every replica is known
     * to hold it (τ), and since when the hint horizon is past τ; {@link #NOT_YET} for the last two.
     */
    private record Seen(Set<Dot> dots, long since, long heldEverywhere, long hintsClear) {
        Seen(Set<Dot> dots, long since) {
            this(dots, since, NOT_YET, NOT_YET);
        }
    }

    private final long graceMillis;
    private final long marginMillis;
    private final long settleMillis;
    private final Map<PartitionId, Map<Key, Seen>> byPartition = new HashMap<>();

    /** Ages with no wait for hints (a store that keeps none). */
    public TombstoneAges(long graceMillis) {
        this(graceMillis, 0, 0);
    }

    public TombstoneAges(long graceMillis, long marginMillis, long settleMillis) {
        this.graceMillis = graceMillis;
        this.marginMillis = marginMillis;
        this.settleMillis = settleMillis;
    }

    /**
     * Judges every key of one scan of {@code partition} and remembers the all-tombstone sets; keys
     * not in {@code scanned} (purged, or never tombstones) are forgotten.
     *
     * @param exchanges for each other replica of the partition, when its last completed exchange began
     */
    public Map<Key, Verdict> rescan(PartitionId partition, Map<Key, List<Versioned<Value>>> scanned, long now,
                                    Collection<OptionalLong> exchanges) {
        return rescan(partition, scanned, now, exchanges, Long.MAX_VALUE);
    }

    /** {@link #rescan(PartitionId, Map, long, Collection)} with the cluster's hint horizon as gossip has it now. */
    public Map<Key, Verdict> rescan(PartitionId partition, Map<Key, List<Versioned<Value>>> scanned, long now,
                                    Collection<OptionalLong> exchanges, long hintHorizon) {
        return rescan(partition, scanned, now, exchanges, hintHorizon, Expiry.NEVER);
    }

    /**
     * {@link #rescan(PartitionId, Map, long, Collection, long)} where a version {@code expiry} says has
     * expired counts as a tombstone: a set of tombstones and expired versions ages and is collected
     * like an all-tombstone one.
     */
    public Map<Key, Verdict> rescan(PartitionId partition, Map<Key, List<Versioned<Value>>> scanned, long now,
                                    Collection<OptionalLong> exchanges, long hintHorizon, Expiry expiry) {
        Map<Key, Seen> before = byPartition.getOrDefault(partition, Map.of());
        Map<Key, Seen> after = new HashMap<>();
        Map<Key, Verdict> verdicts = new HashMap<>();
        scanned.forEach((key, siblings) -> {
            if (!allDead(key, siblings, now, expiry)) {
                verdicts.put(key, Verdict.LIVE);
                return;
            }
            Set<Dot> dots = siblings.stream().map(Versioned::dot).collect(Collectors.toUnmodifiableSet());
            Seen seen = before.get(key);
            if (seen == null || !seen.dots().equals(dots)) {
                after.put(key, new Seen(dots, now));
                verdicts.put(key, Verdict.FIRST_SEEN);
                return;
            }
            Verdict v = judge(seen.since(), now, graceMillis, exchanges);
            if (v == Verdict.COLLECT) {
                seen = waitForHints(seen, now, hintHorizon);
                v = seen.hintsClear() != NOT_YET && now - seen.hintsClear() >= settleMillis
                        ? Verdict.COLLECT : Verdict.AWAITING_HINTS;
            }
            after.put(key, seen);
            verdicts.put(key, v);
        });
        if (after.isEmpty()) {
            byPartition.remove(partition);
        } else {
            byPartition.put(partition, after);
        }
        return verdicts;
    }

    /** {@code seen}, every replica holding it, with the hint horizon observed at {@code now}. */
    private Seen waitForHints(Seen seen, long now, long hintHorizon) {
        long tau = seen.heldEverywhere() == NOT_YET ? now : seen.heldEverywhere();
        boolean clear = hintHorizon > tau + marginMillis;
        long clearSince = !clear ? NOT_YET : seen.hintsClear() == NOT_YET ? now : seen.hintsClear();
        return new Seen(seen.dots(), seen.since(), tau, clearSince);
    }

    /** Forgets everything about {@code partition} (no longer replicated here). */
    public void forget(PartitionId partition) {
        byPartition.remove(partition);
    }

    /** How many all-tombstone sets are being aged. */
    public int tracked() {
        return byPartition.values().stream().mapToInt(Map::size).sum();
    }

    /** The rule for a set first seen at {@code firstSeen}; {@code exchanges} as in {@link #rescan}. */
    public static Verdict judge(long firstSeen, long now, long graceMillis, Collection<OptionalLong> exchanges) {
        if (now - firstSeen < graceMillis) {
            return Verdict.IN_GRACE;
        }
        boolean allAfter = exchanges.stream().allMatch(at -> at.isPresent() && at.getAsLong() > firstSeen);
        return allAfter ? Verdict.COLLECT : Verdict.UNSEEN_BY_A_REPLICA;
    }

    /** Whether a non-empty sibling set holds only tombstones. */
    private static boolean allDead(Key key, List<Versioned<Value>> siblings, long now, Expiry expiry) {
        return !siblings.isEmpty() && siblings.stream()
                .allMatch(v -> v.value() instanceof Value.Tombstone || expiry.expired(key, v, now));
    }

    public static boolean allTombstones(List<Versioned<Value>> siblings) {
        return !siblings.isEmpty() && siblings.stream().allMatch(v -> v.value() instanceof Value.Tombstone);
    }
}
