package io.dynacart.store.cluster;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.runtime.NodeRuntime;
import io.dynacart.store.storage.BackupManifest;
import io.dynacart.store.storage.BackupSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/** {@link LocalCluster}'s backups: each node's snapshot taken in-process and kept in a {@link BackupDirectory}. */
final class LocalBackups {

    /** How long one node's snapshot may take. */
    private static final long SNAPSHOT_MINUTES = 30;

    private LocalBackups() {
    }

    static BackupDirectory.ClusterManifest backup(List<NodeId> nodes, Function<NodeId, NodeRuntime> runtime, Path dir) {
        BackupDirectory out = BackupDirectory.create(dir);
        Instant started = Instant.now();
        for (NodeId id : nodes) {
            try (BackupSnapshot snapshot = runtime.apply(id).backup().get(SNAPSHOT_MINUTES, TimeUnit.MINUTES);
                 InputStream bytes = snapshot.open()) {
                out.add(snapshot.manifest(), bytes, received -> { });
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (TimeoutException e) {
                throw new IllegalStateException("the snapshot of " + id + " took over " + SNAPSHOT_MINUTES + " minutes");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while backing up " + id);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the snapshot of " + id, e);
            }
        }
        return out.finish(started);
    }

    /** Fails unless the backup holds exactly {@code nodes}, made for {@code partitions} partitions. */
    static void requireSameNodes(BackupDirectory.ClusterManifest backup, List<NodeId> nodes, int partitions, Path from) {
        if (!new HashSet<>(backup.nodeIds()).containsAll(nodes) || backup.nodes().size() != nodes.size()) {
            throw new InvalidBackupException("the backup in " + from + " holds " + backup.nodeIds() + ", not this cluster's "
                    + nodes);
        }
        backup.nodes().forEach(m -> requirePartitions(m, partitions, from));
    }

    static void requirePartitions(BackupManifest m, int partitions, Path from) {
        if (m.partitions() != partitions) {
            throw new InvalidBackupException("the backup in " + from + " was made with " + m.partitions()
                    + " partitions, this cluster has " + partitions + "; the partition count cannot change");
        }
    }
}
