package io.dynacart.store.sim;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Dot;
import io.dynacart.store.versioning.Versioned;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * The laws of namespaces ({@link NamespaceMix}): each namespace's W, last-write-wins, and expiry.
 * Each returns its violations, empty when the law holds. They judge by what the simulation made
 * the namespaces to be ({@link NamespaceMix#checked()}), not by what the nodes were told.
 */
final class NamespaceInvariants {

    /** Which of two versions last-write-wins keeps: the later write time, then node, then counter. */
    static final Comparator<Versioned<?>> LATEST = Comparator
            .<Versioned<?>>comparingLong(v -> v.dot().timestampMillis())
            .thenComparing(v -> v.dot().node())
            .thenComparingLong(v -> v.dot().counter());

    private final History history;
    private final RecordingStorage.VersionLog versions;
    private final NamespaceMix mix;
    /** What a read of a key can reach now (replicas' data and hints; see {@link Invariants#served}). */
    private final Function<Key, List<Versioned<Value>>> served;
    /** Virtual time now. */
    private final LongSupplier now;

    NamespaceInvariants(History history, RecordingStorage.VersionLog versions, NamespaceMix mix,
                        Function<Key, List<Versioned<Value>>> served, LongSupplier now) {
        this.history = history;
        this.versions = versions;
        this.mix = mix;
        this.served = served;
        this.now = now;
    }

    /**
     * AcknowledgedWritesHeldByW (paper, section 4.5: "W nodes"): when the client hears that a write
     * succeeded, at least W members (W of its key's namespace) have stored its version, or one that
     * descends from it, as data or as a hint: no acknowledgement is counted that no node stored. Not
     * judged for a write during which a disk was lost (a wipe, a departure). What they hold may
     * shrink later by design: a stand-in hands its hint on to the key's other replicas once the node
     * it stands for has been down longer than the hint lifetime.
     */
    List<String> acknowledgedWritesHeldByW() {
        List<String> violations = new ArrayList<>();
        for (History.Write w : history.writes) {
            if (!w.acknowledged || w.lossesAtStart != w.lossesAtEnd) {
                continue;
            }
            List<Dot> dots = versions.dotsOf(w, history);
            List<NodeId> holders = new ArrayList<>();
            for (Map.Entry<NodeId, History.Taken> e : w.takenAtAck.entrySet()) {
                History.Taken t = e.getValue();
                if (dots.stream().anyMatch(dot -> t.storage().tookBefore(w.key, dot, t.mark()))) {
                    holders.add(e.getKey());
                }
            }
            if (holders.size() < w.quorum.w()) {
                violations.add(w + " was acknowledged (W=" + w.quorum.w() + ") at " + w.acknowledgedAt
                        + " ms, stored by then only by " + holders + " (dots " + dots + ")");
            }
        }
        return violations;
    }

    /**
     * LastWriteWins: in a last-write-wins namespace a read shows at most one version; and once the
     * cluster has settled, the one it shows is the <em>latest acknowledged</em> write (by write time,
     * node, counter, among the acknowledged writes no stored version supersedes), or a version
     * concurrent with it and later (one of two concurrent writes is lost, as the paper says of this
     * mode, but never the later one). Nothing, if the latest acknowledged write is a delete.
     */
    List<String> lastWriteWins() {
        List<String> violations = new ArrayList<>();
        for (History.Read r : history.answered) {
            if (!mix.lastWriteWins(r.key())) {
                continue;
            }
            if (r.versions().size() > 1) {
                violations.add("a read of " + r.key() + " begun at " + r.startedAt() + " ms showed " + r.versions().size()
                        + " versions: " + r.versions());
            } else if (r.startedAt() > history.settledAt) {
                latestAcknowledged(r).ifPresent(violations::add);
            }
        }
        return violations;
    }

    /** What is wrong with the settled read {@code r} of a last-write-wins key, if anything. */
    private Optional<String> latestAcknowledged(History.Read r) {
        List<Versioned<Value>> all = versions.of(r.key());
        List<Versioned<Value>> standing = new ArrayList<>();
        for (History.Write w : history.writes) {
            if (!w.acknowledged || !w.key.equals(r.key())) {
                continue;
            }
            for (Dot dot : versions.dotsOf(w, history)) {
                boolean superseded = all.stream().anyMatch(v -> !v.dot().equals(dot) && v.version().covers(dot));
                Versioned<Value> own = all.stream().filter(v -> v.dot().equals(dot)).findFirst().orElseThrow();
                if (!superseded && !mix.expired(r.key(), own, r.answeredAt())) {
                    standing.add(own);
                }
            }
        }
        return judgeLatest(r.versions(), standing).map(problem -> "a settled read of " + r.key() + " begun at "
                + r.startedAt() + " ms showed " + r.versions() + ", " + problem);
    }

    /**
     * The law of a settled last-write-wins read, on its own: {@code shown} (at most one version) is
     * the latest of {@code standing} (the acknowledged versions nothing supersedes), or a version
     * concurrent with it and later; nothing only if that latest is a tombstone. Empty when it holds.
     */
    static Optional<String> judgeLatest(List<Versioned<Value>> shown, List<Versioned<Value>> standing) {
        if (standing.isEmpty()) {
            return Optional.empty();
        }
        Versioned<Value> latest = standing.stream().max(LATEST).orElseThrow();
        if (shown.isEmpty()) {
            return latest.value() instanceof Value.Tombstone ? Optional.empty()
                    : Optional.of("but the latest acknowledged write is " + latest);
        }
        Versioned<Value> one = shown.get(0);
        Optional<Versioned<Value>> over = standing.stream()
                .filter(a -> !a.dot().equals(one.dot()) && a.version().covers(one.dot())).findFirst();
        if (over.isPresent()) {
            return Optional.of("which the acknowledged " + over.get() + " supersedes");
        }
        boolean concurrent = !one.version().covers(latest.dot()) && !latest.version().covers(one.dot());
        if (!one.dot().equals(latest.dot()) && !(concurrent && LATEST.compare(one, latest) > 0)) {
            return Optional.of("but the latest acknowledged write is " + latest
                    + ", and what was shown is neither it nor a later concurrent one");
        }
        return Optional.empty();
    }

    /**
     * NamespacesNotForgotten: a node that knew a namespace (its view had it when the request was
     * sent) never refuses its keys as unknown; a restarted node knows what it knew before, as it
     * keeps the table on disk. (A node wiped or joined since the namespace was made may refuse, until
     * gossip brings it the table: those refusals are counted, not judged.)
     */
    List<String> namespacesNotForgotten() {
        return history.unknownNamespace.stream().filter(History.Refusal::knew)
                .map(r -> r.via() + ", which knew " + r.key().namespace() + " when asked, refused " + r.key() + " at "
                        + r.at() + " ms: " + r.message())
                .toList();
    }

    /** How many requests a node refused for a namespace it did not know yet (wiped or joined since it was made). */
    long refusedBeforeKnowing() {
        return history.unknownNamespace.stream().filter(r -> !r.knew()).count();
    }

    /**
     * NoExpiredVersionReturns: no read, from the first to the last of the run, returns a version of a
     * key whose namespace's ttl had passed since that version's write when the read began.
     */
    List<String> noExpiredVersionReturns() {
        List<String> violations = new ArrayList<>();
        for (History.Read r : history.answered) {
            for (Versioned<Value> v : r.versions()) {
                if (mix.expired(r.key(), v, r.startedAt())) {
                    violations.add("a read of " + r.key() + " begun at " + r.startedAt() + " ms returned " + v
                            + ", written at " + (v.dot().timestampMillis() - SimScheduler.EPOCH_MILLIS)
                            + " ms, past its ttl of " + mix.ttlMillis(r.key()) + " ms");
                }
            }
        }
        return violations;
    }

    /**
     * ExpiredKeysCollected: the collector reclaims a key of a namespace with a ttl once every version
     * of it has expired, by the tombstone rules. Judged some time after every key has expired whole
     * (see {@code Simulation}): each version its replicas or hints still hold has been purged by at
     * least one replica. Not that it is gone from all of them: the run's timing does not promise
     * that, since a replica that has not purged yet may copy the set back to one that has, by
     * anti-entropy, and the copy must age again there (seen with plain tombstones too).
     */
    List<String> expiredKeysCollected(List<Key> keys) {
        List<String> violations = new ArrayList<>();
        long now = this.now.getAsLong();
        for (Key key : keys) {
            if (mix.ttlMillis(key) == 0) {
                continue;
            }
            List<Versioned<Value>> held = served.apply(key);
            if (held.isEmpty() || !held.stream().allMatch(v -> mix.expired(key, v, now))) {
                continue;
            }
            Set<Dot> purged = versions.collected(key).stream().map(Versioned::dot).collect(Collectors.toSet());
            List<Versioned<Value>> neverPurged = held.stream().filter(v -> !purged.contains(v.dot())).toList();
            if (!neverPurged.isEmpty()) {
                violations.add(key + " expired whole, but no replica ever purged " + neverPurged + " (held: " + held
                        + ")");
            }
        }
        return violations;
    }

    /** How many keys of namespaces with a ttl some replica or hint still holds (expired) now. */
    long expiredKeysHeld(List<Key> keys) {
        return keys.stream().filter(k -> mix.ttlMillis(k) > 0 && !served.apply(k).isEmpty()).count();
    }
}
