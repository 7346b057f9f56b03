package io.dynacart.store.sim;

import io.dynacart.store.identity.Key;
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

    Availability(SimCluster cluster, History history, RecordingStorage.VersionLog versions) {
        this.cluster = cluster;
        this.history = history;
        this.versions = versions;
    }

    /**
     * AlwaysReadable (paper, sections 4.5-4.6, the sloppy quorum for reads): a get sent to a live node
     * that can reach at least R nodes of its ring is answered, and within the request deadline. Judged
     * as AlwaysWriteable judges puts: only gets during which nothing changed, on lossless links.
     */
    List<String> alwaysReadable(long deadlineMillis, int r) {
        List<String> violations = new ArrayList<>();
        for (History.ReadAttempt get : history.readAttempts) {
            if (!judged(get)) {
                continue;
            }
            long took = get.answeredAt - get.startedAt;
            if (get.reachable.size() < r) {
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
     * get and every put sent to a node outside it that reaches R (or W) nodes succeeds (judged as
     * above: nothing else changed meanwhile, links lossless). With {@code everyKey} (a run whose only
     * faults are zone cuts and heals), also: every key of the workload was read and written through
     * the rest during each cut that lasted at least {@code minimumMillis}, so that "every key stays
     * readable and writeable" is shown, not assumed; and each such read returned every write of its
     * key acknowledged (well) before the cut, or what superseded it: the rest holds a replica of
     * every key, not only stand-ins, which is what placing replicas in distinct zones buys.
     */
    List<String> zoneCutsLeaveTheRestServing(List<Key> keys, boolean everyKey, long minimumMillis, int r, int w) {
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
                } else if (judged(get) && get.reachable.size() >= r) {
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
                } else if (put.linksClean && put.disturbancesAtStart == put.disturbancesAtEnd && put.reachable.size() >= w) {
                    violations.add(put + " sent to " + put.via + " at " + put.startedAt + " ms, outside zone "
                            + cut.zone() + " cut off at " + cut.from() + " ms, failed: " + put.failure);
                }
            }
            long lasted = Math.min(cut.to(), history.workloadEnd) - cut.from();
            if (everyKey && lasted >= minimumMillis && (!read.containsAll(keys) || !written.containsAll(keys))) {
                violations.add("while zone " + cut.zone() + " " + cut.nodes() + " was cut off for " + lasted
                        + " ms the rest served reads of " + read + " and writes of " + written + " but not every key of "
                        + keys.stream().map(Key::toString).collect(Collectors.joining(", ", "[", "]")));
            }
        }
        return violations;
    }

    /** The writes of the read's key acknowledged before the cut (with a margin) that the read's versions do not cover. */
    private List<History.Write> missedBeforeCut(History.ReadAttempt get, SimCluster.ZoneCut cut) {
        var all = versions.all();
        List<History.Write> missed = new ArrayList<>();
        for (History.Write w : history.writes) {
            if (!w.key.equals(get.key) || !w.acknowledged || w.acknowledgedAt > cut.from() - SETTLED_BEFORE_CUT_MILLIS) {
                continue;
            }
            boolean covered = Invariants.dotsOf(history, w, all).stream()
                    .anyMatch(dot -> get.versions.stream().anyMatch(v -> v.version().covers(dot)));
            if (!covered) {
                missed.add(w);
            }
        }
        return missed;
    }

    private static boolean during(SimCluster.ZoneCut cut, long startedAt, long answeredAt) {
        return answeredAt >= 0 && startedAt >= cut.from() && answeredAt <= cut.to();
    }

    private static boolean judged(History.ReadAttempt get) {
        return get.answeredAt >= 0 && get.linksClean && get.disturbancesAtStart == get.disturbancesAtEnd;
    }
}
