package io.dynacart.ops;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dynacart admin backup} and {@code dynacart admin restore} (docs/OPERATIONS.md, "Backup and restore"). */
final class BackupCommands {

    private BackupCommands() {
    }

    @Command(name = "backup", mixinStandardHelpOptions = true, description = {
            "Back up every node of the cluster --node belongs to into a new directory.",
            "Each node takes a consistent snapshot while writes go on (every write it acknowledged before is in it)"
                    + " and sends it over HTTP. Needs the admin token."})
    static final class Backup extends AdminCommand.Sub {
        @Option(names = "--to", required = true, description = "the backup directory: new or empty")
        Path to;

        @Option(names = "--snapshot-timeout-s", defaultValue = "3600", description = "how long one node may take to"
                + " write its snapshot before sending it (default: ${DEFAULT-VALUE})")
        long snapshotTimeoutSeconds;

        @Override
        public Integer call() {
            NodeApi entry = parent.api();
            new ClusterBackup(entry.token(), Duration.ofSeconds(snapshotTimeoutSeconds), out()).run(cluster(), to);
            return 0;
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true, description = {
            "Replace stopped nodes' data with their snapshots from a backup, checked first (size, SHA-256).",
            "Either a local cluster (--cluster-dir, every node or those named with --node-id), or one node's data"
                    + " directory on this host (--id and --data). Each restored node starts under a new incarnation."})
    static final class Restore extends AdminCommand.Sub {
        @Option(names = "--from", required = true, description = "the backup directory")
        Path from;

        @Option(names = "--cluster-dir", description = "a cluster directory of `dynacart cluster start`")
        Path clusterDir;

        @Option(names = "--node-id", split = ",", description = "with --cluster-dir: only these nodes, e.g. n3")
        List<String> only = new ArrayList<>();

        @Option(names = "--id", description = "the node whose data directory --data is, e.g. n3")
        String id;

        @Option(names = "--data", description = "the node's data directory (its node stopped)")
        Path data;

        @Option(names = "--last-incarnation", defaultValue = "0", description = "the highest incarnation the node(s)"
                + " ran under, if wiped since the backup on a disk that is now lost (default: what the backup and the"
                + " data directory record)")
        int lastIncarnation;

        @Override
        public Integer call() {
            ClusterRestore restore = new ClusterRestore(out());
            if (clusterDir != null && data == null && id == null) {
                restore.intoCluster(from, new ClusterLayout(clusterDir, "127.0.0.1", 0, 0, 0), only, lastIncarnation);
            } else if (clusterDir == null && data != null && id != null && only.isEmpty()) {
                restore.intoDataDirectory(from, id, data, lastIncarnation);
            } else {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give either --cluster-dir"
                        + " [--node-id n3] (a local cluster) or --id and --data (one node's data directory)");
            }
            return 0;
        }
    }
}
