package io.dynacart.store.antientropy;

import io.dynacart.store.identity.Key;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.storage.Value;
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
 * <pre>
 *   siblings        seen before, same dots?   grace passed?   every peer exchanged after?   verdict
 *   has a value     -                         -               -                             LIVE (forgotten)
 *   all tombstones  no (new, or changed)      -               -                             FIRST_SEEN
 *   all tombstones  yes                       no              -                             IN_GRACE
 *   all tombstones  yes                       yes             no (or a peer never)          UNSEEN_BY_A_REPLICA
 *   all tombstones  yes                       yes             yes                           COLLECT
 * </pre>
 */
public final class TombstoneAges {

    /** What to do with one key. */
    public enum Verdict { LIVE, FIRST_SEEN, IN_GRACE, UNSEEN_BY_A_REPLICA, COLLECT }

    /** An all-tombstone set (by its dots) and when it was first seen. */
    private record Seen(Set<Dot> dots, long since) {
    }

    private final long graceMillis;
    private final Map<PartitionId, Map<Key, Seen>> byPartition = new HashMap<>();

    public TombstoneAges(long graceMillis) {
        this.graceMillis = graceMillis;
    }

    /**
     * Judges every key of one scan of {@code partition} and remembers the all-tombstone sets; keys
     * not in {@code scanned} (purged, or never tombstones) are forgotten.
     *
     * @param exchanges for each other replica of the partition, when its last completed exchange began
     */
    public Map<Key, Verdict> rescan(PartitionId partition, Map<Key, List<Versioned<Value>>> scanned, long now,
                                    Collection<OptionalLong> exchanges) {
        Map<Key, Seen> before = byPartition.getOrDefault(partition, Map.of());
        Map<Key, Seen> after = new HashMap<>();
        Map<Key, Verdict> verdicts = new HashMap<>();
        scanned.forEach((key, siblings) -> {
            if (!allTombstones(siblings)) {
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
            after.put(key, seen);
            verdicts.put(key, judge(seen.since(), now, graceMillis, exchanges));
        });
        if (after.isEmpty()) {
            byPartition.remove(partition);
        } else {
            byPartition.put(partition, after);
        }
        return verdicts;
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
    public static boolean allTombstones(List<Versioned<Value>> siblings) {
        return !siblings.isEmpty() && siblings.stream().allMatch(v -> v.value() instanceof Value.Tombstone);
    }
}
