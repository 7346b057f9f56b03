package io.dynacart.ops;

import io.dynacart.store.cluster.BackupDirectory;
import io.dynacart.store.cluster.BackupRestore;
import io.dynacart.store.cluster.InvalidBackupException;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.storage.BackupManifest;
import io.dynacart.store.storage.StorageException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * Restores stopped nodes' data directories from a backup on this host: the nodes of a local cluster
 * directory ({@code dynacart cluster start}), or one node's data directory. Each node then starts
 * under a new incarnation, recorded in its data directory ({@link BackupRestore}).
 *
 * <p>What must hold: the backup is checked whole (manifest, every snapshot's size and SHA-256)
 * before any data directory is touched; a node that is running is named and nothing is restored.
 */
final class ClusterRestore {

    /** Tombstones are collected after this long (antientropy.TombstoneConfig's grace). */
    private static final Duration TOMBSTONE_GRACE = Duration.ofMinutes(10);

    private final PrintWriter out;

    ClusterRestore(PrintWriter out) {
        this.out = out;
    }

    /** Restores {@code only} (every node of the backup when empty) into the cluster directory of {@code layout}. */
    void intoCluster(Path from, ClusterLayout layout, List<String> only, int lastIncarnation) {
        List<String> present = layout.nodes();
        if (present.isEmpty()) {
            throw new OpsException("no cluster in " + layout.dir() + "; give the --dir of a cluster made by `dynacart"
                    + " cluster start`, or restore one node's directory with --data and --id");
        }
        BackupDirectory.ClusterManifest backup = verified(from);
        List<String> inBackup = backup.nodes().stream().map(BackupManifest::node).toList();
        List<String> targets = only.isEmpty() ? inBackup : only;
        if (only.isEmpty() && !new HashSet<>(inBackup).equals(new HashSet<>(present))) {
            throw new OpsException("the backup in " + from + " holds " + inBackup + " but the cluster in " + layout.dir()
                    + " has " + present + "; restore the nodes they share with --node");
        }
        for (String id : targets) {
            if (!present.contains(id) || backup.of(NodeId.of(id)) == null) {
                throw new OpsException(id + " is not in both the backup " + inBackup + " and the cluster " + present);
            }
        }
        NodeProcesses processes = new NodeProcesses(layout);
        List<String> running = targets.stream().filter(id -> processes.running(id).isPresent()).toList();
        if (!running.isEmpty()) {
            throw new OpsException(String.join(", ", running) + (running.size() == 1 ? " is" : " are")
                    + " running; a node's data is replaced only while it is stopped: `dynacart cluster stop --dir "
                    + layout.dir() + "` first (nothing was restored)");
        }
        warnIfPartial(backup, targets);
        for (String id : targets) {
            int known = Math.max(lastIncarnation, layout.incarnationOf(id));
            layout.setIncarnation(id, node(from, backup.of(NodeId.of(id)), layout.dataOf(id), known));
        }
        out.println("restored " + String.join(", ", targets) + "; start " + (targets.size() == 1 ? "it" : "them")
                + " as before, e.g. `dynacart cluster start --nodes " + present.size() + " --dir " + layout.dir() + "`"
                + (targets.size() < present.size() ? ": anti-entropy then brings back what the others received since the"
                + " backup" : ""));
        out.flush();
    }

    /** Restores node {@code id}'s data directory {@code data} (its node stopped) from the backup in {@code from}. */
    void intoDataDirectory(Path from, String id, Path data, int lastIncarnation) {
        NodeId node;
        try {
            node = NodeId.of(id);
        } catch (IllegalArgumentException e) {
            throw new OpsException("--id: " + e.getMessage());
        }
        BackupDirectory.ClusterManifest backup = verified(from);
        BackupManifest manifest = Optional.ofNullable(backup.of(node)).orElseThrow(() -> new OpsException(
                "the backup in " + from + " holds no snapshot of " + id + ", only of " + backup.nodeIds()));
        warnIfPartial(backup, List.of(id));
        int incarnation = node(from, manifest, data, lastIncarnation);
        out.println("start " + id + " as before: it reads incarnation " + incarnation + " from " + data
                + " (a lower --incarnation is raised to it); anti-entropy then brings back what the others hold since"
                + " the backup");
        out.flush();
    }

    private static BackupDirectory.ClusterManifest verified(Path from) {
        try {
            return BackupDirectory.verify(from);
        } catch (InvalidBackupException e) {
            throw new OpsException(e.getMessage() + "; nothing was restored");
        }
    }

    private int node(Path from, BackupManifest m, Path data, int lastIncarnation) {
        long started = System.nanoTime();
        int incarnation;
        try {
            incarnation = BackupRestore.restoreNode(from, m, data, lastIncarnation);
        } catch (StorageException e) {
            throw new OpsException(e.getMessage());
        }
        out.printf("%s: restored its snapshot of %s (%s, %s, %s) into %s in %.1f s; it starts under incarnation %d%n",
                m.node(), m.takenAt(), ClusterBackup.count(m.keys(), "key"), ClusterBackup.count(m.hints(), "hint"),
                ClusterBackup.size(m.bytes()), data, (System.nanoTime() - started) / 1e9, incarnation);
        out.flush();
        return incarnation;
    }

    /**
     * Restoring some nodes while the others keep newer data: a key deleted since the backup, whose
     * tombstone the others have already collected, comes back from the restored node.
     */
    private void warnIfPartial(BackupDirectory.ClusterManifest backup, List<String> targets) {
        List<String> all = new ArrayList<>(backup.nodes().stream().map(BackupManifest::node).toList());
        all.removeAll(targets);
        Duration age = Duration.between(Instant.parse(backup.startedAt()), Instant.now());
        if (!all.isEmpty() && age.compareTo(TOMBSTONE_GRACE) > 0) {
            out.printf("warning: this backup is %d minutes old, older than the %d minutes after which deletes are"
                    + " forgotten; unless the other nodes are restored from it too, keys deleted since it may come back"
                    + " from the restored node(s)%n", age.toMinutes(), TOMBSTONE_GRACE.toMinutes());
        }
    }
}
