package io.dynacart.store.sim;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.versioning.Versioned;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The laws of a simulation about answering at all, beside {@link Invariants}' AlwaysWriteable: a
 * read, like a write, is answered whenever its node reaches enough others, and a zone cut off from
 * the rest does not take any key away from the rest. Each returns its violations.
 */
final class Availability {

    /** How long before a cut a write must have been acknowledged for reads during the cut to owe it (virtual ms). */
    static final long SETTLED_BEFORE_CUT_MILLIS = 500;

    private final SimCluster cluster;
    private final History history;
    private final RecordingStorage.VersionLog versions;
    private final NamespaceMix mix;

    Availability(SimCluster cluster, History history, RecordingStorage.VersionLog versions, NamespaceMix mix) {
        this.cluster = cluster;
        this.history = history;
        this.versions = versions;
        this.mix = mix;
    }

    /**
     * AlwaysReadable (paper, sections 4.5-4.6, the sloppy quorum for reads): a get sent to a live node
     * that can reach at least R nodes of its ring (the R of its key's namespace) is answered, and
     * within the request deadline. Judged as AlwaysWriteable judges puts: only gets during which
     * nothing changed, on lossless links, and not a refusal for a namespace the node has not learnt yet.
     */
    List<String> alwaysReadable(long deadlineMillis) {
        List<String> violations = new ArrayList<>();
        for (History.ReadAttempt get : history.readAttempts) {
            if (!judged(get)) {
                continue;
            }
            long took = get.answeredAt - get.startedAt;
            if (get.reachable.size() < get.quorum.r()) {
                continue;
            }
            if (get.failure != null) {
                violations.add(get + " failed after " + took + " ms although it reached " + get.reachable + ": "
                        + get.failure);
            } else if (took > deadlineMillis) {
                violations.add(get + " took " + took + " ms, past the " + deadlineMillis + " ms deadline");
            }
        }
        return violations;
    }

    /**
     * ZoneCutsLeaveTheRestServing: while a whole zone is cut off ({@link SimCluster#zoneCuts}), every
     * get and every put sent to a node outside it that reaches R (or W, of its key's namespace) nodes
     * succeeds (judged as above: nothing else changed meanwhile, links lossless). With {@code everyKey} (a run whose only
     * faults are zone cuts and heals), also: every key of the workload was read and written through
     * the rest during each cut that lasted at least {@code minimumMillis} (written: every key the
     * workload wrote for that long during the cut, see {@link Workload.Plan#writtenMillis}), so that "every key stays
     * readable and writeable" is shown, not assumed; and each such read returned every write of its
     * key acknowledged (well) before the cut, or what superseded it: the rest holds a replica of
     * every key, not only stand-ins, which is what placing replicas in distinct zones buys. (A write
     * that had expired by the read is owed by nobody; in a last-write-wins namespace a later
     * concurrent version may stand for it, as {@link NamespaceInvariants#lastWriteWins} allows.)
     */
    List<String> zoneCutsLeaveTheRestServing(Workload.Plan plan, boolean everyKey, long minimumMillis) {
        List<Key> keys = plan.keys();
        List<String> violations = new ArrayList<>();
        for (SimCluster.ZoneCut cut : cluster.zoneCuts()) {
            Set<Key> read = new TreeSet<>();
            Set<Key> written = new TreeSet<>();
            for (History.ReadAttempt get : history.readAttempts) {
                if (!during(cut, get.startedAt, get.answeredAt) || cut.nodes().contains(get.via)) {
                    continue;
                }
                if (get.failure == null) {
                    read.add(get.key);
                    if (everyKey) {
                        missedBeforeCut(get, cut).forEach(missed -> violations.add(get + ", outside zone " + cut.zone()
                                + " cut off at " + cut.from() + " ms, returned " + get.versions + " without " + missed
                                + ", acknowledged at " + missed.acknowledgedAt + " ms"));
                    }
                } else if (judged(get) && get.reachable.size() >= get.quorum.r()) {
                    violations.add(get + ", outside zone " + cut.zone() + " cut off at " + cut.from() + " ms, failed: "
                            + get.failure);
                }
            }
            for (History.Write put : history.writes) {
                if (!during(cut, put.startedAt, put.answeredAt) || cut.nodes().contains(put.via)) {
                    continue;
                }
                if (put.acknowledged) {
                    written.add(put.key);
                } else if (put.linksClean && put.disturbancesAtStart == put.disturbancesAtEnd && !put.unknownNamespace
                        && put.reachable.size() >= put.quorum.w()) {
                    violations.add(put + " sent to " + put.via + " at " + put.startedAt + " ms, outside zone "
                            + cut.zone() + " cut off at " + cut.from() + " ms, failed: " + put.failure);
                }
            }
            long end = Math.min(cut.to(), history.workloadEnd);
            long lasted = end - cut.from();
            List<Key> toWrite = keys.stream().filter(k -> plan.writtenMillis(k, cut.from(), end) >= minimumMillis)
                    .toList();
            if (everyKey && lasted >= minimumMillis && (!read.containsAll(keys) || !written.containsAll(toWrite))) {
                violations.add("while zone " + cut.zone() + " " + cut.nodes() + " was cut off for " + lasted
                        + " ms the rest served reads of " + read + " and writes of " + written + " but not every key of "
                        + keys.stream().map(Key::toString).collect(Collectors.joining(", ", "[", "]"))
                        + " (to be written: " + toWrite + ")");
            }
        }
        return violations;
    }

    /**
     * The writes of the read's key acknowledged before the cut (with a margin) that the read does not
     * show: no version it returned covers theirs (nor, under last-write-wins, beats it as a later
     * concurrent one), and theirs had not expired by the time it was answered.
     */
    private List<History.Write> missedBeforeCut(History.ReadAttempt get, SimCluster.ZoneCut cut) {
        List<History.Write> missed = new ArrayList<>();
        for (History.Write w : history.writes) {
            if (!w.key.equals(get.key) || !w.acknowledged || w.acknowledgedAt > cut.from() - SETTLED_BEFORE_CUT_MILLIS) {
                continue;
            }
            boolean kept = versions.of(w.key).stream().filter(v -> history.made(w, v))
                    .anyMatch(v -> mix.expired(w.key, v, get.answeredAt) || shown(get, v));
            if (!kept) {
                missed.add(w);
            }
        }
        return missed;
    }

    /** Whether {@code get} shows {@code written}: a version it returned covers it, or wins over it by last-write-wins. */
    private boolean shown(History.ReadAttempt get, Versioned<Value> written) {
        return get.versions.stream().anyMatch(v -> v.version().covers(written.dot())
                || mix.lastWriteWins(get.key) && !written.version().covers(v.dot())
                && NamespaceInvariants.LATEST.compare(v, written) > 0);
    }

    private static boolean during(SimCluster.ZoneCut cut, long startedAt, long answeredAt) {
        return answeredAt >= 0 && startedAt >= cut.from() && answeredAt <= cut.to();
    }

    private static boolean judged(History.ReadAttempt get) {
        return get.answeredAt >= 0 && !get.unknownNamespace && get.linksClean
                && get.disturbancesAtStart == get.disturbancesAtEnd;
    }
}
