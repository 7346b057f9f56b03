package io.dynacart.store.cluster;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.runtime.BackupNamespaces;
import io.dynacart.store.storage.BackupManifest;
import io.dynacart.store.storage.DataDirectoryRestore;
import io.dynacart.store.storage.RecordedIncarnation;
import io.dynacart.store.storage.StorageException;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * Restoring one node's data directory from a checked backup, under a new incarnation and with the
 * namespace table it knew: the step that {@link LocalCluster#restore} and {@code dynacart admin
 * restore} share.
 *
 * <p>The new incarnation is one above every incarnation known to have written the node's data: the
 * backup's, the one recorded in the directory being replaced (a node records the incarnation it runs
 * under), and the one its operator knows ({@code known}: a node wiped since the backup ran under a
 * higher one, which a lost disk no longer records). A restored node's clock counters are behind the
 * versions it issued after the backup, which other replicas hold; under its old clock actor its next
 * write could carry the dot of one of those and be taken for it.
 */
public final class BackupRestore {

    private BackupRestore() {
    }

    /** The incarnation node {@code manifest.node()} must start under once restored into {@code dataDir}. */
    public static int nextIncarnation(BackupManifest manifest, Path dataDir, int known) {
        int recorded = 0;
        try {
            OptionalInt r = RecordedIncarnation.read(dataDir);
            recorded = r.orElse(0);
        } catch (StorageException e) {
            // a damaged record: the backup's and the operator's numbers decide
        }
        return Math.max(Math.max(known, manifest.incarnation()), recorded) + 1;
    }

    /**
     * Replaces the data in {@code dataDir} (the node must be stopped) with node {@code id}'s snapshot
     * from the checked backup in {@code from}; returns the incarnation the node now starts under.
     *
     * @throws StorageException naming the problem (the directory in use, a damaged snapshot); the old
     *                          data is then untouched, or marked unfinished so that no node starts on it
     */
    public static int restoreNode(Path from, BackupManifest manifest, Path dataDir, int known) {
        NodeId id = manifest.nodeId();
        int incarnation = nextIncarnation(manifest, dataDir, known);
        DataDirectoryRestore.restore(dataDir, BackupDirectory.snapshotOf(from, id), manifest, incarnation,
                files -> BackupNamespaces.restore(dataDir, files));
        return incarnation;
    }
}
