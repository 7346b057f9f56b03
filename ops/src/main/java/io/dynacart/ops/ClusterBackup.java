package io.dynacart.ops;

import io.dynacart.store.cluster.BackupDirectory;
import io.dynacart.store.cluster.InvalidBackupException;
import io.dynacart.store.http.ClusterStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Backs up every node of a running cluster into a {@link BackupDirectory}: each node in turn takes a
 * consistent snapshot while writes go on and sends it over HTTP ({@code POST /admin/backup}), so the
 * nodes may be on other hosts; each arrives checked against its manifest. Progress goes to
 * {@code out}, per node: bytes received, then size, keys, hints and time.
 *
 * <p>What must hold: a backup that could not reach every node fails naming the node, and leaves no
 * {@code backup.json}, so that it can never be restored as if complete.
 */
final class ClusterBackup {

    /** How often a node's progress is printed while its snapshot arrives. */
    private static final long PROGRESS_NANOS = Duration.ofSeconds(2).toNanos();

    private final String token;
    private final Duration snapshotTimeout;
    private final PrintWriter out;

    ClusterBackup(String token, Duration snapshotTimeout, PrintWriter out) {
        this.token = token;
        this.snapshotTimeout = snapshotTimeout;
        this.out = out;
    }

    /** Backs up the nodes of {@code cluster} (as one node sees it) that hold data into {@code to}. */
    BackupDirectory.ClusterManifest run(ClusterStatus cluster, Path to) {
        List<ClusterStatus.NodeView> nodes = cluster.nodes().stream().filter(n -> !n.membership().equals("left")).toList();
        if (cluster.transfers().targetRingVersion() > 0) {
            out.println("note: a ring change is under way; each node's snapshot holds what it has, and after a restore"
                    + " anti-entropy moves the rest");
        }
        BackupDirectory dir = create(to);
        Instant started = Instant.now();
        long total = 0;
        out.printf("backing up %d nodes (ring version %d) into %s%n", nodes.size(), cluster.ringVersion(), to);
        for (ClusterStatus.NodeView n : nodes) {
            total += node(dir, n);
        }
        BackupDirectory.ClusterManifest manifest = dir.finish(started);
        double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
        out.printf("backup complete: %d nodes, %s in %.1f s; %s holds each node's snapshot and backup.json%n",
                nodes.size(), size(total), seconds, to);
        out.flush();
        return manifest;
    }

    private static BackupDirectory create(Path to) {
        try {
            return BackupDirectory.create(to);
        } catch (InvalidBackupException e) {
            throw new OpsException(e.getMessage());
        }
    }

    /** One node's snapshot, received into {@code dir}; answers its size. */
    private long node(BackupDirectory dir, ClusterStatus.NodeView n) {
        URI base = URI.create("http://" + n.httpAddress());
        out.printf("%s: taking a snapshot at %s ...%n", n.id(), base);
        out.flush();
        long started = System.nanoTime();
        NodeApi.Download download;
        try {
            download = new NodeApi(base, token).backup(snapshotTimeout);
        } catch (OpsException e) {
            throw new OpsException("the backup of " + n.id() + " failed, so the backup in " + dir.path()
                    + " is incomplete (no backup.json); delete it and back up again once " + n.id() + " answers: "
                    + e.getMessage());
        }
        if (!download.manifest().node().equals(n.id())) {
            throw new OpsException(base + " answered as " + download.manifest().node() + ", not " + n.id());
        }
        try (InputStream body = download.body()) {
            dir.add(download.manifest(), body, progress(n.id(), download.manifest().bytes()));
        } catch (InvalidBackupException e) {
            throw new OpsException(e.getMessage() + "; the backup in " + dir.path() + " is incomplete (no backup.json):"
                    + " delete it and back up again");
        } catch (IOException e) {
            throw new OpsException("receiving " + n.id() + "'s snapshot failed: " + e.getMessage());
        }
        var m = download.manifest();
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf("%s: %s in %.1f s (%.1f MiB/s): %s, %s; incarnation %d, ring version %d%n", n.id(), size(m.bytes()),
                seconds, m.bytes() / 1048576.0 / Math.max(seconds, 0.001), count(m.keys(), "key"), count(m.hints(), "hint"),
                m.incarnation(), m.ringVersion());
        out.flush();
        return m.bytes();
    }

    private LongConsumer progress(String id, long expected) {
        long[] last = {System.nanoTime()};
        return received -> {
            long now = System.nanoTime();
            if (now - last[0] >= PROGRESS_NANOS && received < expected) {
                last[0] = now;
                out.printf("%s: %s of %s received%n", id, size(received), size(expected));
                out.flush();
            }
        };
    }

    /** Bytes in KiB below a MiB, else in MiB. */
    static String size(long bytes) {
        return bytes < 1 << 20 ? String.format("%.1f KiB", bytes / 1024.0) : String.format("%.1f MiB", bytes / 1048576.0);
    }

    static String count(long n, String what) {
        return String.format("%,d %s%s", n, what, n == 1 ? "" : "s");
    }
}
