package io.dynacart.store.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Replaces a stopped node's data with a backup snapshot.
 *
 * <pre>
 *  lock the directory (refused while a node holds it)
 *   → copy the snapshot in beside the data as restore-incoming.db, checking its SHA-256 and contents;
 *     take out the node's own files it carries and hand them to the caller
 *   → write the marker RESTORE-IN-PROGRESS (synced)
 *   → delete the old data (store.db, its WAL, the append log; the node's other files stay)
 *   → rename restore-incoming.db to store.db, record the new incarnation
 *   → delete the marker
 * </pre>
 *
 * <p>What must hold: a node never starts on a half-restored directory. Until the marker is written
 * the old data is untouched (a corrupt snapshot, a full disk or a crash changes nothing); once it is,
 * {@link SqliteStorage#open} refuses the directory until a restore runs to the end. The restored
 * snapshot holds no append log: its recorded log position is where the node's next log generation
 * starts after.
 *
 * <p>The new incarnation must be above every incarnation the node has written under: its clock
 * counters in the snapshot are behind versions it issued after the backup, which other replicas
 * hold, and reusing its old clock actor would let a new version carry the same dot as one of those
 * and be taken for it (a lost write).
 */
public final class DataDirectoryRestore {

    static final String MARKER = "RESTORE-IN-PROGRESS";
    static final String INCOMING = "restore-incoming.db";
    /** What the storage keeps in a data directory and a restore replaces; the node's other files stay. */
    private static final Set<String> REPLACED = Set.of("store.db", "store.db-wal", "store.db-shm", "store.db-journal",
            "log");

    private DataDirectoryRestore() {
    }

    /**
     * Replaces the data in {@code dataDir} (created if missing) with {@code snapshot}, which must be
     * what {@code manifest} describes, and records {@code incarnation} as the one the node starts under.
     *
     * @throws StorageException naming the problem: the directory in use, a snapshot that does not
     *                          match its manifest, a disk error; the old data is then untouched
     *                          unless the message says the directory is left marked unfinished
     */
    public static void restore(Path dataDir, Path snapshot, BackupManifest manifest, int incarnation) {
        restore(dataDir, snapshot, manifest, incarnation, files -> { });
    }

    /**
     * As {@link #restore(Path, Path, BackupManifest, int)}, handing {@code nodeFiles} the node's own
     * files the snapshot carries ({@link SqliteStorage#snapshot(Path, Map)}), under the directory's
     * lock once the snapshot is checked and before the old data goes; if it throws, the old data is
     * untouched.
     */
    public static void restore(Path dataDir, Path snapshot, BackupManifest manifest, int incarnation,
                               Consumer<Map<String, byte[]>> nodeFiles) {
        if (incarnation <= manifest.incarnation()) {
            throw new IllegalArgumentException("a restored node must start under an incarnation above the backup's "
                    + manifest.incarnation() + ", was " + incarnation);
        }
        DataDirectoryLock lock;
        try {
            lock = DataDirectoryLock.acquire(dataDir);
        } catch (StorageException e) {
            throw new StorageException("cannot restore " + manifest.node() + " into " + dataDir + ": " + e.getMessage(), e);
        }
        try (lock) {
            Path incoming = dataDir.resolve(INCOMING);
            copyChecked(snapshot, incoming, manifest);
            try {
                nodeFiles.accept(NodeFiles.take(incoming));
            } catch (SQLException e) {
                Snapshots.deleteQuietly(incoming);
                throw new StorageException("cannot read the node's files in " + snapshot + ": " + e.getMessage()
                        + "; the node's data is unchanged", e);
            } catch (RuntimeException e) {
                Snapshots.deleteQuietly(incoming);
                throw e;
            }
            swap(dataDir, incoming, manifest, incarnation);
        }
    }

    /** Fails if a restore into {@code dataDir} began and did not finish. */
    static void refuseUnfinished(Path dataDir) {
        if (Files.exists(dataDir.resolve(MARKER))) {
            throw new StorageException("a restore into " + dataDir + " did not finish (it left " + MARKER + " there), so"
                    + " its data is incomplete; run the restore again, or wipe the directory and start the node under a"
                    + " new incarnation");
        }
    }

    private static void copyChecked(Path snapshot, Path incoming, BackupManifest manifest) {
        MessageDigest digest = SnapshotContents.newDigest();
        try {
            Files.deleteIfExists(incoming);
            try (InputStream in = new DigestInputStream(Files.newInputStream(snapshot), digest);
                 OutputStream out = Files.newOutputStream(incoming)) {
                in.transferTo(out);
            }
            FileSync.file(incoming);
        } catch (IOException e) {
            Snapshots.deleteQuietly(incoming);
            throw new StorageException("cannot copy " + snapshot + " into " + incoming.getParent() + " (" + e.getMessage()
                    + "); the node's data is unchanged", e);
        }
        String sha = HexFormat.of().formatHex(digest.digest());
        if (!sha.equals(manifest.sha256())) {
            Snapshots.deleteQuietly(incoming);
            throw new StorageException(snapshot + " is corrupt: its SHA-256 is " + sha + " but its manifest says "
                    + manifest.sha256() + "; the node's data is unchanged");
        }
        SnapshotContents contents;
        try {
            contents = SnapshotContents.read(incoming);
        } catch (StorageException e) {
            Snapshots.deleteQuietly(incoming);
            throw e;
        }
        if (contents.partitions() != manifest.partitions() || contents.logGeneration() != manifest.logGeneration()
                || contents.logIndex() != manifest.logIndex()) {
            Snapshots.deleteQuietly(incoming);
            throw new StorageException(snapshot + " does not hold what its manifest says (" + contents + " against "
                    + manifest + "); the node's data is unchanged");
        }
    }

    private static void swap(Path dataDir, Path incoming, BackupManifest manifest, int incarnation) {
        Path marker = dataDir.resolve(MARKER);
        try {
            Files.writeString(marker, "restoring " + manifest.node() + " from its backup of " + manifest.takenAt()
                    + "; while this file is here the data is incomplete and the node refuses to start\n",
                    StandardCharsets.UTF_8);
            FileSync.file(marker);
            FileSync.directory(dataDir);
        } catch (IOException e) {
            Snapshots.deleteQuietly(incoming);
            throw new StorageException("cannot write " + marker + " (" + e.getMessage() + "); the node's data is unchanged", e);
        }
        try {
            for (Path p : list(dataDir)) {
                if (REPLACED.contains(p.getFileName().toString())) {
                    deleteTree(p);
                }
            }
            Files.move(incoming, dataDir.resolve("store.db"), StandardCopyOption.ATOMIC_MOVE);
            RecordedIncarnation.write(dataDir, incarnation);
            FileSync.directory(dataDir);
            Files.delete(marker);
            FileSync.directory(dataDir);
        } catch (IOException | RuntimeException e) {
            throw new StorageException("the restore into " + dataDir + " failed half-way (" + e.getMessage() + "); the"
                    + " directory is marked unfinished and the node will not start on it: run the restore again", e);
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
