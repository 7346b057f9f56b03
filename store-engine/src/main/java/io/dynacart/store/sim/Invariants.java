package io.dynacart.store.sim;

import io.dynacart.store.antientropy.TombstoneAges;
import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.membership.MembershipView;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.versioning.Dot;
import io.dynacart.store.versioning.Reconciliation;
import io.dynacart.store.versioning.Versioned;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The laws a simulation checks once faults are healed, hints drained and every key read again.
 * Each returns its violations, empty when the law holds.
 */
final class Invariants {

    private final SimCluster cluster;
    private final History history;
    private final RecordingStorage.VersionLog versions;

    Invariants(SimCluster cluster, History history, RecordingStorage.VersionLog versions) {
        this.cluster = cluster;
        this.history = history;
        this.versions = versions;
    }

    /** What the cluster as a whole knows of {@code key}: every node's data and hints, reconciled. */
    List<Versioned<Value>> everything(Key key) {
        List<Versioned<Value>> all = List.of();
        for (NodeId id : cluster.nodeIds()) {
            all = Reconciliation.reconcile(all, cluster.storage(id).get(key));
            all = Reconciliation.reconcile(all, cluster.storage(id).hints().forKey(key));
        }
        return all;
    }

    /**
     * What a read of {@code key} can reach: its replicas' data in the ring the cluster is on, and every
     * node's hints. Unlike {@link #everything} it leaves out what a node that is no longer a replica
     * still keeps from before a ring change: nothing reads that.
     */
    List<Versioned<Value>> served(Key key) {
        List<Versioned<Value>> all = List.of();
        for (NodeId id : cluster.ring().preferenceList(KeyHash.of(key), cluster.quorum().n()).primaries()) {
            all = Reconciliation.reconcile(all, cluster.storage(id).get(key));
        }
        for (NodeId id : cluster.nodeIds()) {
            all = Reconciliation.reconcile(all, cluster.storage(id).hints().forKey(key));
        }
        return all;
    }

    /**
     * NoAcknowledgedWriteLost: every acknowledged write is still readable (held by the key's replicas
     * in the converged ring, or hinted), as itself or in the past of a sibling, or was deleted by a
     * tombstone that has since been collected.
     */
    List<String> noAcknowledgedWriteLost() {
        List<String> violations = new ArrayList<>();
        Map<RecordingStorage.VersionLog.Id, Versioned<Value>> all = versions.all();
        for (History.Write w : history.writes) {
            if (!w.acknowledged) {
                continue;
            }
            List<Dot> dots = dotsOf(history, w, all);
            if (dots.isEmpty()) {
                violations.add(w + " was acknowledged but no node ever stored it");
                continue;
            }
            List<Versioned<Value>> now = new ArrayList<>(served(w.key));
            now.addAll(versions.collected(w.key));
            boolean kept = dots.stream().anyMatch(dot -> now.stream().anyMatch(s -> s.version().covers(dot)));
            if (!kept) {
                violations.add(w + " (dot " + dots + ") is lost: no sibling of " + w.key + " holds or descends from it; now "
                        + now);
            }
        }
        return violations;
    }

    /**
     * ContextsCoverOnlyWhatWasRead: a sibling's past names only writes its client had read (directly
     * or through what it read). The law behind "a put never erases a version its context did not include".
     */
    List<String> contextsCoverOnlyWhatWasRead() {
        List<String> violations = new ArrayList<>();
        Map<RecordingStorage.VersionLog.Id, Versioned<Value>> all = versions.all();
        for (Key key : keysWritten()) {
            for (Versioned<Value> s : everything(key)) {
                History.Write writer = history.writerOf(key, s);
                if (writer == null) {
                    continue; // reported by NoPhantomVersions
                }
                for (Map.Entry<RecordingStorage.VersionLog.Id, Versioned<Value>> e : all.entrySet()) {
                    Versioned<Value> v = e.getValue();
                    if (!e.getKey().key().equals(key)) {
                        continue;
                    }
                    History.Write earlier = history.writerOf(key, v);
                    if (earlier == null || v.dot().equals(s.dot())) {
                        continue;
                    }
                    if (s.version().past().covers(v.dot()) && !writer.seen.get(earlier.id)) {
                        violations.add(writer + " (" + s.version() + ", dot " + s.dot() + ") supersedes " + earlier
                                + " (dot " + v.dot() + ") which its client never read");
                    }
                }
            }
        }
        return violations;
    }

    /** NoPhantomVersions: nothing returned by a read or left in the cluster was not written by a client. */
    List<String> noPhantomVersions() {
        List<String> violations = new ArrayList<>(history.phantoms);
        for (Key key : keysWritten()) {
            for (Versioned<Value> s : everything(key)) {
                if (history.writerOf(key, s) == null) {
                    violations.add("the cluster holds " + s + " under " + key + ", which no client wrote");
                }
            }
        }
        violations.addAll(versions.reissuedDots());
        return violations;
    }

    /**
     * SiblingsConverge: every primary of a key, in the ring the cluster converged on (so joiners and
     * not leavers), holds the same siblings: all that any of them, or a hint, holds. A primary that
     * holds nothing where the others hold only tombstones has collected them first: each replica
     * collects on its own schedule.
     */
    List<String> siblingsConverge() {
        List<String> violations = new ArrayList<>();
        for (Key key : keysWritten()) {
            List<Versioned<Value>> expected = served(key);
            for (NodeId primary : cluster.ring().preferenceList(KeyHash.of(key), cluster.quorum().n()).primaries()) {
                List<Versioned<Value>> held = cluster.storage(primary).get(key);
                boolean collected = held.isEmpty() && TombstoneAges.allTombstones(expected);
                if (!collected && !dots(held).equals(dots(expected))) {
                    violations.add(primary + " holds " + held + " of " + key + " but the cluster holds " + expected);
                }
            }
        }
        return violations;
    }

    /**
     * NoDeletedValueReturns: a value an acknowledged delete superseded (the delete's context covers its
     * dot) is returned by no read that began after the delete was acknowledged <em>and</em> after the
     * cluster settled, and is not where a read can reach it at the end (the replicas' data, every
     * hint): neither anti-entropy, hints, read repair nor tombstone collection brings it back. (A node
     * that stopped replicating the key after a ring change may keep a stale copy that no read sees.)
     *
     * <p>Why only once settled: while faults last, a sloppy quorum (paper, section 4.6) may acknowledge
     * the delete on a primary and a fallback, and a later read may then reach two primaries that never
     * saw it; Dynamo allows that stale read (a third of the seeds show one), and repairs it later. What
     * it must never do is bring the deleted value back once the replicas have caught up.
     */
    List<String> noDeletedValueReturns() {
        List<String> violations = new ArrayList<>();
        List<History.Read> settled = history.answered.stream().filter(r -> r.startedAt() > history.settledAt).toList();
        for (History.Write d : history.writes) {
            if (!d.delete || !d.acknowledged) {
                continue;
            }
            for (History.Read r : settled) {
                if (r.key().equals(d.key) && r.startedAt() > Math.max(d.acknowledgedAt, history.settledAt)) {
                    deletedValues(d, r.versions()).forEach(v -> violations.add("a read of " + d.key + " begun at "
                            + r.startedAt() + " returned " + v + ", deleted by " + d + " at " + d.acknowledgedAt));
                }
            }
            deletedValues(d, served(d.key)).forEach(v -> violations.add("the cluster still holds " + v + " of "
                    + d.key + ", deleted by " + d + " at " + d.acknowledgedAt + " (on " + holders(d.key, v) + "; replicas "
                    + cluster.ring().preferenceList(KeyHash.of(d.key), cluster.quorum().n()).primaries() + ")"));
        }
        return violations;
    }

    /** Where {@code v} of {@code key} is held, as data or as a hint, for a report. */
    private List<String> holders(Key key, Versioned<Value> v) {
        List<String> out = new ArrayList<>();
        for (NodeId id : cluster.nodeIds()) {
            if (cluster.storage(id).get(key).contains(v)) {
                out.add(id + " (data)");
            }
            if (cluster.storage(id).hints().forKey(key).contains(v)) {
                out.add(id + " (hint)");
            }
        }
        return out;
    }

    private static List<Versioned<Value>> deletedValues(History.Write delete, List<Versioned<Value>> versions) {
        return versions.stream()
                .filter(v -> v.value() instanceof Value.Bytes && delete.context.clock().covers(v.dot()))
                .toList();
    }

    /**
     * AlwaysWriteable (paper, sections 4.5-4.6): a put sent to a live node that can reach at least W
     * nodes of its ring succeeds, and within the request deadline. Judged only for puts during which
     * nothing changed (no node started or stopped, no fault changed) and links were lossless, so that
     * "can reach" is a fact and not a coin toss; a partition in force is exactly what it is about.
     */
    List<String> alwaysWriteable(long deadlineMillis, int w) {
        List<String> violations = new ArrayList<>();
        for (History.Write put : history.writes) {
            boolean judged = put.answeredAt >= 0 && put.linksClean && put.reachable.size() >= w
                    && put.disturbancesAtStart == put.disturbancesAtEnd;
            if (!judged) {
                continue;
            }
            long took = put.answeredAt - put.startedAt;
            if (!put.acknowledged) {
                violations.add(put + " sent to " + put.via + " at " + put.startedAt + " ms failed after " + took
                        + " ms although it reached " + put.reachable + ": " + put.failure);
            } else if (took > deadlineMillis) {
                violations.add(put + " sent to " + put.via + " at " + put.startedAt + " ms took " + took
                        + " ms, past the " + deadlineMillis + " ms deadline, reaching " + put.reachable);
            }
        }
        return violations;
    }

    /** HintsEventuallyDrain: no node still keeps hints once every node is back. */
    List<String> hintsDrain() {
        List<String> violations = new ArrayList<>();
        for (NodeId id : cluster.nodeIds()) {
            Map<NodeId, Long> pending = cluster.storage(id).hints().counts();
            if (!pending.isEmpty()) {
                violations.add(id + " still keeps hints " + pending);
            }
        }
        return violations;
    }

    /**
     * MembershipConverges: after the quiet time every running node's view has the same layout (ring
     * version and owners, member entries up to heartbeats), no transition is left, and the ring's
     * nodes are exactly the cluster's members: joiners are in, leavers are out.
     */
    List<String> membershipConverges() {
        List<String> violations = new ArrayList<>();
        Map<NodeId, MembershipView> views = cluster.views();
        if (views.isEmpty()) {
            return violations;
        }
        Map.Entry<NodeId, MembershipView> first = views.entrySet().iterator().next();
        for (Map.Entry<NodeId, MembershipView> e : views.entrySet()) {
            MembershipView view = e.getValue();
            view.transition().ifPresent(t -> violations.add(e.getKey() + " still has a transition to ring v"
                    + t.target().version() + ": " + view));
            if (!view.sameLayout(first.getValue())) {
                violations.add(e.getKey() + " sees " + view + " but " + first.getKey() + " sees " + first.getValue());
            }
        }
        Set<NodeId> inRing = new TreeSet<>(first.getValue().ring().nodes());
        Set<NodeId> members = new TreeSet<>(cluster.nodeIds());
        if (!inRing.equals(members)) {
            violations.add("the ring v" + first.getValue().ring().version() + " holds " + inRing
                    + " but the members are " + members);
        }
        return violations;
    }

    private List<Key> keysWritten() {
        return history.writes.stream().map(w -> w.key).distinct().toList();
    }

    /**
     * The dots of the version {@code w} made. A put's is found by its unique value. Deletes made with
     * one context by different clients are indistinguishable (same key, same past, no value), and
     * equivalent: each may claim any tombstone of its group.
     */
    static List<Dot> dotsOf(History history, History.Write w, Map<RecordingStorage.VersionLog.Id, Versioned<Value>> all) {
        List<Dot> out = new ArrayList<>();
        for (Map.Entry<RecordingStorage.VersionLog.Id, Versioned<Value>> e : all.entrySet()) {
            Versioned<Value> v = e.getValue();
            if (!e.getKey().key().equals(w.key)) {
                continue;
            }
            boolean mine = w.delete
                    ? v.value() instanceof Value.Tombstone && v.version().past().equals(w.context.clock())
                    : history.writerOf(w.key, v) == w;
            if (mine) {
                out.add(e.getKey().dot());
            }
        }
        return out;
    }

    private static List<Dot> dots(List<Versioned<Value>> siblings) {
        return siblings.stream().map(Versioned::dot).sorted().toList();
    }
}
